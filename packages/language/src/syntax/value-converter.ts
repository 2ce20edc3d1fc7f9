/**
 * Literal values as the AST keeps them. Numbers, durations, decimals and time literals stay as their
 * source text: their meaning (64-bit ints, exact decimals, `1h30m`) belongs to the model and the runtime,
 * and the text is what hovers and the formatter show. Strings are unescaped.
 */
import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

export class HaleValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        switch (rule.name) {
            case 'STRING': return input.startsWith('\\"')
                // a string inside an f-string interpolation, written `\"...\"`
                ? unescapeString(input.slice(2, input.endsWith('\\"') && input.length > 3 ? -2 : undefined))
                : unescapeString(input.slice(1, input.endsWith('"') && input.length > 1 ? -1 : undefined));
            case 'ID': return input;
            case 'INT': case 'FLOAT': case 'DECIMAL': case 'DURATION': case 'BACKTICK': case 'BYTES':
            case 'FSTRING_WHOLE': case 'FSTRING_HEAD': case 'FSTRING_MIDDLE': case 'FSTRING_TAIL':
                return input;
            default: return super.runConverter(rule, input, cstNode);
        }
    }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", '{': '{', '}': '}' };

/** Resolves Hale's string escapes (`\n`, `\t`, `\r`, `\\`, `\"`, `\'`, `\0`, `\xNN`). */
export function unescapeString(body: string): string {
    if (!body.includes('\\')) return body;
    let out = '';
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c !== '\\') { out += c; continue; }
        const n = body[i + 1];
        if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(body.substr(i + 2, 2))) {
            out += String.fromCharCode(parseInt(body.substr(i + 2, 2), 16));
            i += 3;
        } else if (n !== undefined && n in ESCAPES) {
            out += ESCAPES[n];
            i++;
        } else {
            out += c;
        }
    }
    return out;
}

/**
 * The literal text of one f-string segment token (`f"a{`, `}b{`, `}c"`, `f"d"`), with `{{`/`}}` and
 * escapes resolved.
 */
export function formatStringSegmentText(token: string): string {
    let body = token;
    if (body.startsWith('f"')) body = body.slice(2);
    else if (body.startsWith('}')) body = body.slice(1);
    if (body.endsWith('{') || body.endsWith('"')) body = body.slice(0, -1);
    return unescapeString(body.replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
}
