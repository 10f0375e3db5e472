// Each language named in itself, the same whichever language the page is in.
export const languageLabels = { 'zh-CN': '中文', en: 'English' } as const;
