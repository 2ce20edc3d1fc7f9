/** A program that cannot be compiled for a reason outside its text (a missing file, a folder without .hl files). */
export class ProgramError extends Error {}
