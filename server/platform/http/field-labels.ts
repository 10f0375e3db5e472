// The Chinese names of request fields, for messages people read: 「提交的数据有误 — 统一社会信用代码：…」
// rather than 「uscc：…」. `errors[].field` keeps the key for programs. Modules add their
// fields through their manifests (`fieldLabels`); common ones are here.

const labels = new Map<string, string>(
  Object.entries({
    name: '名称',
    title: '标题',
    comment: '意见',
    reason: '原因',
    note: '备注',
    summary: '摘要',
    description: '说明',
    mobile: '手机',
    phone: '电话',
    email: '邮箱',
    username: '登录名',
    password: '密码',
    currentPassword: '当前密码',
    newPassword: '新密码',
    displayName: '姓名',
    unitId: '单位',
    parentId: '上级单位',
    roleIds: '角色',
    userId: '人员',
    customerId: '客户',
    ownerId: '负责人',
    code: '编码',
    label: '名称',
    amount: '金额',
    month: '月份',
    from: '开始时间',
    to: '结束时间',
    page: '页码',
    pageSize: '每页条数',
    sort: '排序',
    q: '关键字',
    keyword: '关键字',
    body: '请求内容',
    query: '查询参数',
    params: '路径参数',
  }),
);

/** Adds a module's field names (the first registration of a key wins). */
export function registerFieldLabels(fields: Record<string, string>): void {
  for (const [key, label] of Object.entries(fields)) if (!labels.has(key)) labels.set(key, label);
}

/** `contacts.0.mobile` → 「第 1 项 手机」 with the list's name when known: 「联系人第 1 项 手机」. */
export function fieldLabelOf(path: string): string {
  const parts = path.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (/^\d+$/.test(part)) out.push(`第 ${Number(part) + 1} 项`);
    else if (i === parts.length - 1 || !/^\d+$/.test(parts[i + 1] ?? '')) out.push(labels.get(part) ?? part);
    else out.push(labels.get(part) ?? part);
  }
  return out.join(' ').replace(/ 第/g, '第') || path;
}
