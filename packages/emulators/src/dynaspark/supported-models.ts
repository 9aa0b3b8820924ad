/** The models the chat endpoint accepts; all four also take an image. */
export const SUPPORTED_MODELS: readonly string[] = ['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'];
