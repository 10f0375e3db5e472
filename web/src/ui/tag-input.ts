// Separators a tags input splits on as people type them: ASCII and full-width commas, the
// enumeration comma 、 and (where names never contain one) a space.
export const TAG_SEPARATORS = [',', '，', '、'];
export const TAG_SEPARATORS_WITH_SPACE = [...TAG_SEPARATORS, ' '];
