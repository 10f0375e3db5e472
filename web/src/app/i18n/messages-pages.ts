/** Shared text outside any feature (API errors). Each entry is [简体中文, English]. */
export const pageMessages = {
  'app.networkErrorCheckYourConnection': ['网络连接失败，请检查网络后重试', 'Network error. Check your connection and try again.'],
  'app.theServerIsTemporarilyUnavailable': ['服务器暂时不可用，请稍后再试', 'The server is temporarily unavailable. Please try again later.'],
  'app.requestFailed': ['请求失败（{status}）', 'Request failed ({status})'],
  'app.uploadFailed': ['上传失败（{status}）', 'Upload failed ({status})'],
  'app.uploadCancelled': ['上传已取消', 'Upload cancelled'],
  'app.unreadableAnswer': ['服务器返回的内容无法识别', "The server's answer could not be read"],
  'app.fileTooLarge': ['文件过大，无法上传', 'The file is too large to upload'],
} as const;
