/** A rough token count (about 4 characters a token for code and English). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
