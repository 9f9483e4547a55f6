"""What a sentence must show to carry a slot's answer: a fee, a time limit, a body that acts,
a venue, a way to reach someone. `slots.slot_kind` reads them."""

from __future__ import annotations

import re

# "定期" (regularly) names no interval: it does not say how often
FREQUENCY_EVIDENCE = re.compile(r"每(年|季度|月|周|半年|两年|三年|\d+年)|年度|一年一次|逐年")
STATUS_EVIDENCE = re.compile(r"已经|已(签|完成|建|实现|落实|出台|发布|开展|与)|目前|截至|现已|至今")
BODY = re.compile(r"[\u4e00-\u9fff]{2,8}(局|委|部|中心|协会|院|所|集团|办)(?:[、,和与及][\u4e00-\u9fff]{2,8}(局|委|部|中心|协会|院|所|集团|办))*(?:共同|联合)?(?:牵头|负责|组织|推动|开展|制定|承担|会同)")
BODY_NAME = re.compile(r"[\u4e00-\u9fff]{2,12}(?:局|委|署|海关|中心|协会|集团|公司|院)")
ROLE_EVIDENCE = re.compile(r"牵头|配合单位|负责|主责|承担|主管|会同")
# where money comes from: a budget, an allocation, a named payer ("加大经费保障力度" names none)
FUNDING_EVIDENCE = re.compile(r"财政|预算|拨款|专项资金|自筹|社会资本|金融机构|(?:经费|资金)由|由[\u4e00-\u9fff]{2,12}(?:承担|负担|出资)|列支|出资")
# A fee is a sum or a charging rule; a sentence that only mentions costs ("检验检测费用") states none.
FEE_EVIDENCE = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?元|免费|不收费|收费标准|按.{1,12}收取|费率")
DURATION_EVIDENCE = re.compile(r"\d+\s*个?(?:工作日|天|周|个月|小时|分钟)(?:内|以内)?|\d+(?:\.\d+)?\s*%|时限|期限")
VENUE_EVIDENCE = re.compile(r"在[\u4e00-\u9fff]{1,10}(?:市|省|县|区|港)|举行|举办地|召开")
# a name given in another form: a title in 《》, an acronym with its words ("国际认可论坛(IAF)"), a short form
NAME_FORM_EVIDENCE = re.compile(r"《[^》]{6,}》|[\u4e00-\u9fff]{2,}\s*[((][A-Za-z][A-Za-z\-]+[))]|[A-Za-z]{2,}\s*[((][\u4e00-\u9fff]{2,}[))]|简称|全称")
PROCEDURE_EVIDENCE = re.compile(r"条件|流程|程序|材料|手续|资格|步骤|申请表")
CONTACT_EVIDENCE = re.compile(r"https?://|www\.|@|\d{3,4}-\d{7,8}|电话[::]|邮箱[::]|地址[::]|网址[::]")
# how a thing looks: its drawing, colours or shape
APPEARANCE_EVIDENCE = re.compile(r"图案|图形|颜色|色彩|形状|外观|样式|字样|尺寸")
