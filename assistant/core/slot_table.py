"""What a (sub-)question asks for: its slot, read from its wording by an ordered table.

The slot says what kind of evidence answers it (a date, a count, a place, a person, a route …);
`answerability` checks the evidence for that kind and `compose` states it first.
"""

from __future__ import annotations

import re

from text.fold import fold

# In English, "lead"/"support" ask who acts only of a task or with a unit word ("Does the plan
# support foreign bodies?" asks what the plan says); "responsible" and "who leads" always do
ENGLISH_ROLE = (r"\bresponsible\b|\b(?:who|which) (?:leads?|supports?|led)\b|\blead (?:units?|departments?)"
                r"|\b(?:led|(?:lead|support)(?:s|ed|ing)?)\b(?=.*\b(?:tasks?|items?|units?|departments?|offices?)\b)"
                r"|\b(?:tasks?|items?|units?|departments?|offices?)\b.*\b(?:led|(?:lead|support)(?:s|ed|ing)?)\b")

# --- what a part asks for (its slot) -------------------------------------------------------
# Ordered: the first slot whose pattern matches wins. Role questions (who leads) are the
# task table's; `person` is a named human, which the texts give only for a few speakers.
SLOTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"哪一?天|哪一?日|几月几[日号]|几号|什么时候|什么时间|何时|日期|截止|哪一?年|when\b|what date|which year|deadline", re.I)),
    # how to reach someone: the texts are policies, they list no phone numbers or addresses
    ("contact", re.compile(r"电话|手机号|邮箱|电子邮件|网址|网站地址|官网|联系方式|联系人|传真|通讯地址|办公地址|phone number|telephone|e-?mail address|website|contact (?:details|information|number|person)", re.I)),
    # ("谈成了", "执行完以后"): an outcome after the plan, which a plan states only as done
    ("status", re.compile(r"(?:谈|建|办)成了|(?:执行|实施)完(?:以后|之后)|(哪些|是否|有没有|还没有?).{0,8}已经|已经.{0,12}(了吗|了没|没有[??]?$|了[??]?$)|目前.{0,6}(进展|情况|状态|进度)|进展|进度|完成了没有|落实得?怎么样|(?:完成|落实|执行|实施|推进)(?:情况|效果)|成效|效果(?:如何|怎么样|怎样)|(?:到|在)(?:哪一步|什么阶段|哪个阶段)"
                          # "实际完成了多少": the outcome, against the plan's target
                          r"|实际(?:上)?(?:完成|达到|实现|取得|建成|签署|落实)"
                          # "目标实现了吗": whether a plan's target has been reached is an outcome too
                          r"|(?:实现|完成|建成|达成|达到|落地|做到)了(?:吗|没有?)"
                          # "现在还是…吗": what holds today, after the texts were written
                          r"|(?:现在|目前|如今|至今|眼下)(?:还|仍|仍然|依然|依旧)"
                          # "已经签了哪些": what has been done by now, asked as done
                          r"|已经[\u4e00-\u9fff]{0,4}了(?:哪些|哪几|什么|几|多少)"
                          # "哪些项目获批": an approval given after the plan was written
                          r"|获批|获得批准|批下来")),
    # "多久评一次": how long between two times is how often, not how long one takes
    ("frequency", re.compile(r"(?:多久|多长时间|(?:几|多少)个?(?:年|月|天|周|星期))[\u4e00-\u9fff]{0,6}一次|频率|频次|每隔多久|每年几次|how often|how frequently", re.I)),
    # "通关时间缩短了多少": an amount of time, asked by the time it is of
    ("duration", re.compile(r"多长时间|多久|几天|时限|期限|办理时间|时间[\u4e00-\u9fff]{0,6}多少|how long", re.I)),
    # how a thing looks ("标识长什么样"): policies describe no mark's drawing or colours
    ("appearance", re.compile(r"长什么样|长啥样|什么样子|外观|图案|什么颜色|哪种颜色|形状|look like", re.I)),
    # who pays for the work ("经费从哪里出"), not what a service costs
    ("funding", re.compile(r"(?:经费|资金|基金|费用|钱)[\u4e00-\u9fff]{0,4}(?:从哪|哪里来|哪儿来|来源|谁出|谁来出|由谁|怎么解决|如何保障)|(?:谁|哪里|哪儿)出(?:钱|资)|由(?:谁|哪[家个些位])出资|出资(?:方|人|单位)|(?<!-)\bfunded\b|\bfunding\b", re.I)),
    # a sum of money: what it costs, and what is budgeted or invested ("预算是多少", "投了多少钱")
    ("fee", re.compile(r"费用|收费|多少钱|价格|交钱|缴费|会费|(?:交|缴|缴纳|花)多少|预算|经费|多少资金|资金规模|投资(?:了|额)?多少|金额|fee|cost|price|spend|budget", re.I)),
    ("why", re.compile(r"为什么|为何|原因|why\b", re.I)),
    # what an applicant must meet or hand in: conditions, materials, the steps of a procedure
    ("procedure", re.compile(r"(?:申请|申报|办理|加入|入会|注册|参加)[\u4e00-\u9fff]{0,10}(?:条件|流程|程序|材料|手续|资格|门槛)"
                             r"|(?:交|提交|准备|需要|要)(?:什么|哪些)(?:材料|手续|资料)|什么手续|(?:哪些|什么)条件|门槛")),
    # "由哪家机构实施": 由 marks the agent, asked for like a lead unit
    # a name asked for outright ("负责人叫什么名字") is a person's, whatever role word stands near;
    # "…叫什么" after a person word only ("最后一大项叫什么" names an item)
    ("person", re.compile(r"姓名|名字|(?<=[人者长员任导])叫什么|what is the name|whose name", re.I)),
    # "负责人" is a person, not a role over a task
    ("role", re.compile(rf"牵头|配合|负责(?!人)|主责|由哪[家个些位]|{ENGLISH_ROLE}", re.I)),
    # a particular body asked for ("认证机构是哪家"): the texts must name one, not only its kind
    ("entity", re.compile(r"是哪一?家|哪一?家(?:机构|公司|单位|企业|实验室|组织)|哪个(?:机构|公司|单位|企业|实验室|协会|组织)")),
    # the other form of a name: its full form, its short form, its English or Chinese name
    ("name", re.compile(r"全称|全名|简称|缩写|英文名|中文名")),
    # "是谁开发的", "是谁牵头的": the agent of a deed, a body as often as a person; only
    # speech is a person's ("是谁说的")
    ("person", re.compile(r"(?<!单位)(?<!部门)是谁(?![\u4e00-\u9fff])|谁(讲|说|提出|发言|主持|致辞|写|起草|执笔|撰写)|作者|(?:专家|学者|嘉宾|领导|官员)[\u4e00-\u9fff]{0,2}有谁|哪一?位|姓名|名字|\bwho (said|spoke|is|was|chairs|presides)\b", re.I)),
    ("count", re.compile(r"多少|(?<![哪没好第这那])几(?!乎)(?:个|项|家|份|人|名|条|次|届|期|场|轮|所|类|批|款|大|子项|种|年|位|部|章|国(?![家内际外务]))|how many|how much|number of", re.I)),
    ("place", re.compile(r"在哪(?![些几个])[里儿]?|在哪(?:[个些]|几个)(?:城市|地方|省|国家|地区|园区)|哪(?:些|几个|几座)城市|选址|落户|哪个(城市|地方|省|市|区|县|街道|镇|乡|村|社区)|哪座城市|地点|什么地方|何地|何处|where\b|\b(?:which|what) (?:city|province|district|county|town|venue)\b", re.I)),
    # asking for the measures, support or plans offered is asking how to get somewhere
    ("route", re.compile(r"怎么|怎样|如何|途径|办法|渠道|路子|门路|(有什么|有哪些|有啥|有没有什么|有没有)[\u4e00-\u9fff]{0,10}?(支持|政策|帮助|措施|举措|鼓励|安排|打算)"
                         r"|how (can|do|to|should)", re.I)),
    ("list", re.compile(r"哪些|哪几|哪[两三四五六七八九十\d]+[个项家种类条所]|分别|列出|包括什么|有什么|which|what are|list", re.I)),
    # English asks yes or no with the auxiliary first ("Is Kazakhstan among ..."); "What does
    # the plan aim for" asks a fact
    ("yesno", re.compile(r"是否|是不是|有没有|能否|可否|能不能|会不会|[吗吧][??]?$|^\s*(is|are|does|do|did|can|could|was|were|will|has|have)\b", re.I)),
)
# The measure word a count asks in ("多少家" -> 家): the evidence must count in it too.


def slot_of(text: str) -> str:
    """What a (sub-)question asks for; `fact` when no pattern says more."""
    folded = fold(text)
    for name, pattern in SLOTS:
        if pattern.search(folded):
            return name
    return "fact"
