/**
 * Langium's parser, with cheap no-viable-alternative errors. To word such an error chevrotain computes
 * every token sequence each alternative could start with, up to its maximum lookahead; on a grammar of
 * Hale's size that costs up to a second per error, so a file with a dozen typos took seconds to parse.
 * Our messages (parser-messages.ts) never use those paths: the errors are raised without them.
 */
import { EarlyExitException, NoViableAltException, type IToken } from 'chevrotain';
import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';

interface ChevrotainInternals {
    getCurrRuleFullName(): string;
    LA(i: number): IToken;
    SAVE_ERROR(error: Error): Error;
    errorMessageProvider: {
        buildNoViableAltMessage(options: { expectedPathsPerAlt: never[]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string;
        buildEarlyExitMessage(options: { expectedIterationPaths: never[]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string;
    };
    raiseNoAltException(occurrence: number, errMsgTypes?: string): never;
    raiseEarlyExitException(occurrence: number, prodType: unknown, userDefinedErrMsg?: string): never;
}

export function createHaleParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const wrapper = (parser as unknown as { wrapper: ChevrotainInternals }).wrapper;
    wrapper.raiseNoAltException = function (this: ChevrotainInternals, _occurrence: number, errMsgTypes?: string): never {
        const message = this.errorMessageProvider.buildNoViableAltMessage({
            expectedPathsPerAlt: [], actual: [this.LA(1)], previous: this.LA(0), customUserDescription: errMsgTypes, ruleName: this.getCurrRuleFullName(),
        });
        throw this.SAVE_ERROR(new NoViableAltException(message, this.LA(1), this.LA(0)));
    };
    wrapper.raiseEarlyExitException = function (this: ChevrotainInternals, _occurrence: number, _prodType: unknown, userDefinedErrMsg?: string): never {
        const message = this.errorMessageProvider.buildEarlyExitMessage({
            expectedIterationPaths: [], actual: [this.LA(1)], previous: this.LA(0), customUserDescription: userDefinedErrMsg, ruleName: this.getCurrRuleFullName(),
        });
        throw this.SAVE_ERROR(new EarlyExitException(message, this.LA(1), this.LA(0)));
    };
    return parser;
}
