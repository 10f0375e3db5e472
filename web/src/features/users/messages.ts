/** User text of users. Each entry is [简体中文, English]. */
export const usersMessages = {
  'users.selectOption': ['{name}（{username}）', '{name} ({username})'],
  'users.departureHandOver': ['离职交接 — {displayName}', 'Departure hand-over — {displayName}'],
  'users.disableAndHandOver': ['停用并移交', 'Disable and hand over'],
  'users.disabledHandedTo': ['已停用 {displayName}，移交给 {successorName}：{moved}', 'Disabled {displayName}; handed to {successorName}: {moved}'],
  'users.handOver': ['离职交接', 'Hand over'],
  'users.onSubmitTheAccountIs': ['提交后该账号立即停用并退出登录（不会删除），以下工作一次性移交给接替人，并记入审计日志。', 'On submit the account is disabled and signed out at once (never deleted); the work below moves to the successor in one step and is recorded in the audit log.'],
  'users.pleaseChooseASuccessor': ['请选择接替人', 'Please choose a successor'],
  'users.successor': ['接替人', 'Successor'],
} as const;
