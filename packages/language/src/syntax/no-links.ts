/**
 * Hale's AST has no Langium cross-references: names are resolved by the program model (src/model). The
 * linker and the reference index would still walk every node of every changed document looking for
 * references; for a 5,000-line file that is tens of milliseconds per keystroke spent finding nothing.
 */
import { DefaultLinker, DefaultReferenceDescriptionProvider, type LangiumDocument, type ReferenceDescription } from 'langium';

export class HaleLinker extends DefaultLinker {
    override async link(_document: LangiumDocument): Promise<void> {
        // nothing to link
    }
}

export class HaleReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(_document: LangiumDocument): Promise<ReferenceDescription[]> {
        return [];
    }
}
