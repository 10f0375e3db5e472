// Frequently used passwords (international and Chinese leak lists); rejected by the policy.
const list = `123456 12345678 123456789 1234567890 12345 1234567 111111 11111111 000000 00000000
123123 123321 654321 666666 888888 88888888 66666666 112233 520520 5201314 1314520 woaini woaini1314
password password1 password123 passw0rd p@ssw0rd p@ssword admin admin123 admin888 admin@123 root root123
qwerty qwerty123 qwertyuiop 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qazwsx qazwsxedc abc123 abc123456 abcd1234
a123456 a12345678 aa123456 aa12345678 a1234567 a123456789 qq123456 qq5201314 iloveyou letmein welcome
welcome1 monkey dragon football baseball sunshine princess superman trustno1 zaq12wsx asdfghjkl
asdf1234 asd123456 zxcvbnm zxcvbnm123 7758521 7758258 147258369 159357 159753 987654321 a1b2c3d4
1111111111 12341234 11223344 789456123 wang123456 zhang123 li123456 huang123 chen123456 liu123456
changeme changeme123 test1234 test123456 guest123 user1234 default 123abc 123qwe 123qweasd
qweasdzxc 1qazxsw2 zhaoshang zhaoshang123 crm12345 crm123456 abcdefgh 88888888a 12345678a
password! password@123 Aa123456 Aa123456! Abc123456 Qwer1234 qwer1234 admin1234 administrator`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean).map((p) => p.toLowerCase()));
