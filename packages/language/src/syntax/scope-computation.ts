/**
 * Hale does not use Langium's linker: names are resolved by the program model, once per program. So the
 * per-document local scopes Langium would compute for cross-references (a walk over every node) are not
 * needed; only the top-level exports stay indexed, for workspace symbols.
 */
import { DefaultScopeComputation, MultiMap, type LangiumDocument, type LocalSymbols } from 'langium';

export class HaleScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
        return new MultiMap();
    }
}
