export {
    formatHale, formatHaleText, formatHaleDetailed, formatParsedHale,
    type HaleFormatOptions, type FormatResult, type FormatSkipReason, type ParsedHale,
} from './formatter.js';
