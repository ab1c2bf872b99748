/**
 * One emoji as a word of a caption or a question, with its skin-tone modifiers, variation
 * selectors and zero-width-joined parts ('👩‍🚀' is one). Tokenisers that keep only letters and
 * digits would drop it without a word; as a word of its own it is reported as unknown instead.
 */
export const EMOJI_WORD =
  '\\p{Extended_Pictographic}[\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\u200d\\ufe0f]*';
