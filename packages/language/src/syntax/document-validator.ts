/**
 * Every diagnostic we publish carries a stable code and `source: "hale"`. Lexer and parser errors become
 * `hale.syntax`. Error recovery can report several errors for one mistake at one place: we keep the
 * first per position so a typo reads as one diagnostic.
 */
import { DefaultDocumentValidator, DocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Cancellation } from 'langium';

type CancellationToken = Cancellation.CancellationToken;

export const SYNTAX_CODE = 'hale.syntax';

export class HaleDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        const seen = new Set<string>();
        const result: Diagnostic[] = [];
        for (const d of diagnostics) {
            const builtIn = d.data?.code === DocumentValidator.LexingError || d.data?.code === DocumentValidator.ParsingError;
            if (builtIn) {
                d.code = SYNTAX_CODE;
                const key = `${d.range.start.line}:${d.range.start.character}`;
                if (seen.has(key)) continue;
                seen.add(key);
            }
            d.source = 'hale';
            result.push(d);
        }
        return result;
    }
}
