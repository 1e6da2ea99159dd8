"""Link each figure an article states to an entity, a metric (and benchmark, price side and
currency), so `python -m aifigures check` can judge it against data/reference.csv.

The rules, in the words of docs/check.md:
- entities come from the `aliases` column of data/entities.csv ("DeepSeek-V3|DeepSeek V3|~V3");
  a short form ("~V3") counts only when the article also names the entity in full or its
  developer, and a number inside a name ("Claude Sonnet 4", "AIME 2024") is no figure;
- the metric comes from the unit and from cue words in English and both Chinese scripts;
- the entity is the nearest one in the sentence that has a reference figure of that metric
  (its own clause first, before the figure first), else the nearest such one in the
  sentence before; "the model", "its", 该模型 point back to the sentence before;
- anything that cannot be decided is returned with `review` saying why, never guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

import pandas as pd

from aifigures.config import SERIES_LISTED_THROUGH
from aifigures.data.numbers import date_span
from aifigures.data.verdicts import PRICE_SIDES, labels_agree
from aifigures.tools.chinese import fold
from aifigures.tools.extract import _CLAUSE_SEP, _SENTENCE_END, Mention, find_mentions, quote_for
from aifigures.tools.segment import Segments

# --------------------------------------------------------------------------- cue words

def _cue(words: str) -> re.Pattern:
    return re.compile(words, re.I)


RELEASE = _cue(r"\b(?:releas\w*|launch\w*|came out|come out|arriv\w*|debut\w*|unveil\w*|introduc\w*|ship(?:ped|s)?|appear(?:ed|s)?|"
               r"open[- ]sourc\w*|went live|goes live|rolled out|available)\b|发布|發布|推出|上线|上線|开源|開源|问世|問世|亮相|面世|上市|带来了")
# what made a model or product famous: its arrival (its release, else its first public event)
DEBUT = _cue(r"\b(?:shock\w*|stun\w*|amaz\w*|astonish\w*) the world\b|\btook the world by storm\b|\bburst onto the scene\b"
             r"|震惊(?:了)?(?:全)?世界|震撼(?:了)?(?:全)?世界|轰动(?:了)?(?:全)?世界|横空出世|一鸣惊人")
# a publisher putting out an article
PUBLISHED = _cue(r"发表(?:了)?(?:一篇)?(?:文章|报道|评论)|发文|刊文|刊登|刊发|撰文|\bpublish\w*\b|\bran (?:a|an) (?:story|article|piece)\b")
# the page's own date: a dated label line ("Updated: 2025-09-30", 时间:2025-07-31 22:55) and a
# byline under the title ("TokenMix Research Lab · 2026-04-10", "By A. Writer | 2025-02-26")
DATED_LABEL = re.compile(r"^[ \t]*(?:published|posted|updated|date|发布时间|发布日期|更新时间|更新日期|回答时间|發佈時間|發布時間|時間|时间|日期)"
                         r"[ \t]*[:：][ \t]*(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})", re.I | re.M)
BYLINE = re.compile(r"^[^\n]{0,80}?[·|•—–,]\s*(20\d\d)-(\d{2})-(\d{2})\s*$", re.M)
# things an event's editions are counted by, as reference.csv labels them
COUNTED = {"exhibitors": _cue(r"\bexhibitors?\b|\bexhibiting (?:companies|firms)\b|参展商|参展企业|展商"),
           "visitors": _cue(r"\bvisitors?\b|\battendees?\b|观众|参观人数|参会人数")}
SETTING = _cue(r"\btemperature\b|\btop[_ -]?[pk]\b|温度")
ACTIVE = _cue(r"\bactive\b|\bactivat\w*|激活|活跃|活躍")
TOTAL = _cue(r"\btotal\b|\bin total\b|总参数|總參數|总|總")
PARAMS = _cue(r"\bparam(?:eter)?s?\b|参数|參數|\bweights\b")
CONTEXT = _cue(r"\bcontext\b|上下文|语境窗口")
CONTEXT_LOOSE = _cue(r"\bsupport\w*|\bprocess\w*|\bhandl\w*|\bwindow\b|\binputs? of\b|支持|处理|輸入|输入")
PER_TOKEN = _cue(r"\bper[- ](?:input[- ])?token\b|\bfor each token\b|每个?(?:token|词元|令牌)")
PER_MILLION = _cue(r"\b(?:1M|1 million|one million)\s?tokens?\b"
                   r"|(?:每|/)\s?(?:百万|1M|M)\s?(?:个)?\s?(?:输入|输出)?\s?(?:令牌|词元)"
                   r"|(?:per|/|a|every)\s?(?:million|1 million|1M|M)\b[^,.;，。；]{0,20}?tokens?"
                   r"|(?:每|/)\s?(?:百万|百萬|1M|M)\s?(?:个|個)?\s?(?:input\s|output\s)?tokens?"
                   r"|百万tokens|百萬tokens"
                   r"|(?:per|/)\s?(?:1\s?)?M\s?toks?\b")  # "$15 / MTok", "/1M tok": Anthropic's own notation
OWN_PRICE_UNIT = re.compile(r"\s*(?:[A-Za-z]{0,6}\s?)?(?:per|/)\s?(?:1\s?)?(?:million|M)\s(?:[a-z-]+\s){0,2}?tokens?\b"
                            r"|\s*(?:每|/)\s?(?:百万|1M|M)\s?(?:个)?\s?(?:输入|输出)\s?(?:tokens?|令牌|词元)", re.I)
IN_OUT_AFTER = re.compile(r"\s?(?:/\s?(?:1\s?)?M(?:\s?toks?)?\s?)?(?P<side>in|out)\b(?=[ \t]*(?:[/·|,;)]|$|[ \t][$¥]|[ \t]per\b))",
                          re.I | re.M)
PAIRED_SIDES = _cue(r"\binputs?\s?/\s?outputs?\b|输入\s?/\s?输出")
INPUT = _cue(r"\binputs?\b|输入|輸入|\bprompt\b|cache hit|cache miss")
OUTPUT = _cue(r"\boutputs?\b|输出|輸出|\bcompletion\b")
USD = _cue(r"\$|\bUSD\b|\bdollars?\b|\bcents?\b|美元|美金")
# 元 alone is the yuan; 港元, 台币 (新台币), 日元 and 美元 are other currencies
CNY = _cue(r"\byuan\b|\bRMB\b|\bCNY\b|[¥￥]|(?<![港台日美欧澳])元|块钱|塊錢|人民币|人民幣")
OTHER_CURRENCY = _cue(r"港元|港币|港幣|台币|台幣|新台币|新台幣|日元|欧元|歐元|\bHK\$|\bNT\$|\bTWD\b|\bHKD\b|\bJPY\b|\bEUR\b|€")
PER_SECOND = _cue(r"tokens?\s?(?:per|/|a)\s?(?:second|sec|s)\b|每秒|tok/s|\bTPS\b")
PER_THOUSAND = _cue(r"(?:per|/|a|every)\s?(?:thousand|1K|K)\b[^,.;，。；]{0,20}?tokens?|(?:每|/)\s?(?:千|1K|K)\s?(?:个)?\s?tokens?|千tokens")
KNOWLEDGE = _cue(r"knowledge[\s-]cut-?off|training[\s-]data[\s-]cut-?off|\bcut-?off\b|知识截止|截止日期|训练数据截至")
BUDGET = _cue(r"\bbudget\b|预算|預算")  # "a thinking budget of up to 38K tokens" is no context window
MAX_OUTPUT = _cue(r"max(?:imum)?\.?\s(?:output|completion)|output\s(?:limit|tokens?\slimit)|\btokens?\soutput\b(?!\s(?:price|cost))"
                  r"|最大输出|输出上限|最多(?:可)?输出|最长输出")
TRAIN_DATA = _cue(r"\b(?:pre-?)?train\w*|\bcorpus\b|\bdata(?:set)?\b|训练|语料|数据")
GPU_HOURS = re.compile(r"\s?(?:[HAB]\d{2,3}(?:[\s-]?\d+GB)?[\s-]?)?(?:GPU[\s-]?)?hours?\b|\s?(?:GPU\s?)?(?:小时|卡时)", re.I)
TRAIN_COST = _cue(r"\btrain\w*|\bcompute cost|\bfinal run|训练成本|训练费用|建构成本|构建成本")
AS_OF_BEFORE = _cue(r"(?:\bas of|\bas at|截至|截止|截止到|截至到)\s*$")
FOUNDED = _cue(r"\bfound(?:ed|ing)\b|\bestablished\b|\binception\b|创办|创立|创建|成立")
PER_CALL = _cue(r"(?:\bper|/|\ba)\s?(?:call|request)s?\b|每次(?:调用|请求)|单次(?:调用|请求)")
PREDECESSOR = _cue(r"(?:\bpredecessors?|\bsuccessors?|\bprevious (?:model|version)|前代|上一代|前作)\s*(?:model\s*)?[,:]?\s*$")
COMPARED_IN_HEADING = _cue(r"比肩|对标|媲美|超越|超过|\brivals?\b|\bon par with\b|\bmatch(?:es|ing)?\b|\bvs\.?|\bversus\b|\bthan\b|\bbeats?\b")
GPU_HOURS_SAID = _cue(r"\bGPU[\s-]?hours?\b|GPU\s?小时|卡时|\bGPU[\s-]?hrs?\b")
POWER = _cue(r"\s?(?:MW|megawatts?)\b|\s?兆瓦")  # a system's electric power
TRANSISTOR = _cue(r"transistors?|晶体管|电晶体")
CORES = _cue(r"\bcores?\b|核心")
LANGUAGES = _cue(r"\blanguages?\b|种语言|语言")
MEMORY = _cue(r"\bHBM\w*|\bmemory\b|\bLPDDR\w*|内存|显存|记忆体")
# "X significantly exceeded o1 (48.9%)": the entity after such a word is compared with, not the figure's own
COMPARED_WITH = _cue(r"\b(?:exceed\w*|surpass\w*|beat\w*|outperform\w*|than|vs\.?|versus|against|ahead of|behind)\b"
                     r"|超过|超越|领先|击败|对比|相比|低于|高于|优于|强于|胜过|不如")
JUST_RELEASED = _cue(r"\bjust (?:released|launched|announced|unveiled)\b"
                     r"|\btoday\W+(?:\w+\W+){0,3}(?:released|launched|announced|unveiled)\b|刚刚|今天发布|今日发布|正式发布")
# "with the debut of Gemini-1.5, Claude-3.5, and Llama-3": a release said as a noun, its models listed after it
RELEASE_OF = _cue(r"\s*(?:with|after|following|amid|upon|thanks to)\s+the\s+(?:debut|release|launch|arrival|unveiling|introduction)s?\s+of\s+"
                  r"|\s*(?P<cn>随着|伴随着?)")  # 随着A、B的发布: the release word closes the list
RELEASE_OF_CN_END = _cue(r"\s*(?:的)?(?:发布|推出|问世|亮相|面世|上线)")
# what joins the names of a list: "A, B, and C", "A、B和C"
# "V3和R1的价格分别为0.5元和1元", "A and B cost $1 and $2 respectively": the k-th figure is the k-th name's
RESPECTIVELY = _cue(r"\brespectively\b|分别|各自")
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|、|和|与|及|以及)\s*", re.I)
# a release verb right before the name it is about: "刚发布的Grok4", "the newly released o3"
# the name a release verb stands before: "刚发布的Grok4", "开源万亿参数大模型 Kimi K2" (a short noun of
# what it is between), "the newly released o3"
RELEASED_NAME = _cue(r"(?:发布|推出|上线|开源|亮相)(?:了)?(?:的|[^，。,.;；\n]{0,10}?(?:大模型|模型))\s*$"
                    r"|\b(?:newly|just|recently)\s+(?:released|launched|unveiled)\s+(?:the\s+)?$")
# tokens a service handles, not what a model was trained on: "日调用量超过100亿token", "processes 1T tokens a day"
USAGE = _cue(r"\b(?:per|a|each|every)\s+(?:day|week|month)\b|\bdaily\b|\bcalls?\b|\bserved\b|\bprocess(?:es|ed)\b|\busage\b"
             r"|调用|日均|每天|每日|每周|每月|处理")
# a price as a share of another's: the words between the other model's name and the figure
PRICE_WORD = _cue(r"\bpric\w*|\bcosts?\b|\bcharg\w*|\bcheaper\b|价格|定价|售价|收费|价钱|费用|便宜")
RATIO_OF_BEFORE = re.compile(r"\s*(?:'s|’s)?\s*(?:的)?\s*(?:(?:API\s?)?(?:价格|定价|售价|收费|价钱))?\s*(?:的)?\s*", re.I)
RATIO_OF_AFTER = re.compile(r"\s*(?:(?:cheaper|lower|less)\s+(?:in price\s+)?than|of|the price of|the cost of|of the price of|of what"
                            r"|that of)\s*", re.I)
CHEAPER = _cue(r"\s*(?:cheaper|lower|less|below)\b(?:\s+(?:in price\s+)?than\b)?")
# the chart a place is on
APP_STORE = _cue(r"\bapp\s?store\b|\bgoogle play\b|\bplay store\b|应用商店|应用榜|下载榜|免费榜")
GENERIC_CHART = _cue(r"\btest sets?\b|\bbenchmarks?\b|\bleaderboards?\b|\bcharts?\b|\bevaluations?\b|\brankings?\b"
                     r"|测试集|基准|榜单|排行榜|评测")
HALF_YEAR = re.compile(r"\b(first|second)\s+half\b", re.I)
# what may stand before a date that opens its sentence: "In", "On", 紧接着在
# (a date in brackets after a word of time counts: "前天(7月13日),Kimi 宣布发布...")
LEADING_DATE = re.compile(r"\W*(?:(?:in|on|by|since|at|then|and)\s+)*(?:[\u4e00-\u9fff]{0,4})?\s*(?:[(（]\s*)?", re.I)
RELEASE_TIME = _cue(r"\bat (?:launch|release)|\blaunch price|\bpricing at (?:launch|release)|发布时|上线时")
# what a value applies to, from the words of its clause or table cell (folded to simplified)
TIER_CUES = [
    # "Cache Read Cost", "Prompt Caching Read": a cache hit; writing to the cache is a price of its own
    ("cache_write", _cue(r"\bcach(?:e|ing)[\s-]?writes?\b|缓存写入")),
    ("cache_hit", _cue(r"cache[\s-]?hits?|\bcached\b|\bcach(?:e|ing)[\s-]?reads?\b|缓存命中|命中缓存|缓存输入|缓存读取")),
    ("standard", _cue(r"cache[\s-]?miss(?:es)?|缓存未命中|未命中")),
    ("off_peak", _cue(r"off[\s-]?peak|夜间|错峰|闲时|优惠时段")),
    ("promotional", _cue(r"\bpromotion\w*|\bpromo\b|limited[\s-]time|\bdiscount\w*|优惠|限时|折扣")),
    ("batch", _cue(r"\bbatch\b|批量")),
    ("high_compute", _cue(r"high[\s-]compute|parallel test[\s-]time")),
    ("standard", _cue(r"\bstandard\b|标准模式")),
    ("non_thinking", _cue(r"non[\s-]?thinking|thinking off|without (?:extended )?thinking|非思考|关闭思考|不思考")),
    ("extended_thinking", _cue(r"extended[\s-]thinking")),
    ("thinking", _cue(r"\bthinking\b|\breasoning (?:mode|on)\b|思考模式|开启思考|推理模式")),
]
TOKEN = _cue(r"tokens?|词元|詞元|令牌")
SCORE = _cue(r"\bscor\w*|\bachiev\w*|\breach\w*|\bmanag\w*|\bpass@1\b|得分|分数|分數|成绩|成績|准确率|準確率")
GROWTH = _cue(r"\bgr[eo]w\w*|\brise\w*|\brose\b|\bincreas\w*|\bjump\w*|\bsurg\w*|\bsoar\w*"
              r"|增长|增長|提升|上涨|上漲|增加|暴涨|大涨|涨了|飙升|激增|猛增")
FASTER = _cue(r"\bfaster\b|\bquicker\b|\bspeed\w*|\baccelerat\w*|快|速度|提速|加速")
TRAINING = _cue(r"\btrain\w*|训练|訓練")
INFERENCE = _cue(r"\binferenc\w*|推理|推論")
# "power" is energy only as power drawn: "computing power", "a power increase" are performance
COST = _cue(r"\bcost\w*|\benergy\b|\bpower\b(?!\s+(?:increase|boost|gain|jump|leap)s?\b)(?<!computing power)"
            r"(?<!compute power)(?<!processing power)|成本|能耗|功耗")
ANAPHOR = _cue(r"\bthe (?:[a-z-]+ )?model\b|\bthe company\b|\bit\b|\bits\b|\bth(?:is|e) (?:paper|work|method|technique)\b"
              r"|该模型|該模型|此模型|这款模型|這款模型|该论文|这篇论文|该方法|其|它(?!们)")
BINARY_K = re.compile(r"\d+\s?[Kk](?![A-Za-z])")

# A figure's distance from the entity, by where the entity is: confidence of the link.
PLACE_CONFIDENCE = {"clause_before": 0.95, "clause_after": 0.85, "anaphor": 0.8, "sentence_before": 0.8,
                    "previous_sentence": 0.65, "makers_product": 0.8, "sentence_after": 0.6, "heading": 0.8, "title": 0.8, "title_shared": 0.7}
# reviews that mean "no entity in reach": the heading or title above may name it
NO_ENTITY_REVIEWS = ("no entity named", "the sentence names no entity")  # (also "... (only the maker)")


# --------------------------------------------------------------------------- knowledge

def _spellings(name: str) -> list[str]:
    """A name as written, and with its spaces and hyphens swapped ("DeepSeek V3", "DeepSeek-V3")."""
    return list(dict.fromkeys([name, name.replace(" ", "-"), name.replace("-", " ")]))


# words that make a model name another model's: "GPT-4.1 Mini", "Gemini 2.5 Pro", "Qwen3 Max"
# (and a capitalised "Thinking": "Kimi K2 Thinking" is a later model; "thinking mode" is a setting of the same one)
VARIANT_WORD = re.compile(r"(?:-(?:max|plus)|[\s-](?:mini|nano|micro|pro|turbo|lite|flash|air|base|preview|ultra|haiku|opus|sonnet"
                          r"|distill\w*)|[\s-](?-i:Thinking)(?!\s+(?i:mode|budget|tokens?)))\b", re.I)
# a short name followed by the word for its line of models ("the K2 series") names the line
SERIES_AFTER = re.compile(r"\s?(?:(?:series|family|line of models)\b|系列)", re.I)
# two figures set against each other, with nothing but the comparing word between them
COMPARED_PAIR = re.compile(r"\s*(?:vs\.?|versus|against|compared (?:with|to)|对比|相比|比)\s*", re.I)
# a platform that resells other makers' models: its prices are its own
PLATFORMS = (r"(?:Vercel\s+)?AI Gateway|OpenRouter|Together(?:\s?AI|\.ai)?"
             r"|Fireworks(?:\s?AI)?|novita(?:\s?AI)?|DeepInfra|Groq|(?:Amazon |AWS )?Bedrock|Azure(?: AI Foundry| OpenAI)?"
             r"|Vertex AI|SiliconFlow|Hyperbolic|Replicate|Atlas ?Cloud|硅基流动|火山引擎|火山方舟|阿里云百炼|百度千帆")
THIRD_PARTY = re.compile(r"(?:\b(?:through|via|on|at|from|with)\s+(?:the\s+)?|在)(?P<platform>" + PLATFORMS + ")", re.I)
MAKERS_MODEL = re.compile(r"\s*(?:['’]s\b|(?:new|latest|flagship|AI|open|open-weight)?\s*models?\b|的|旗下|新模型|模型)", re.I)
# a page that says it is a platform's own model page: "Provider Merge Gateway", "Source: OpenRouter"
PAGE_PLATFORM = re.compile(r"^[ \t]*(?:[-*•·][ \t]*)?(?:Provider|Source|Host(?:ed by)?|Platform|Served by)[ \t]*[:：]?[ \t]+"
                           r"(?P<platform>" + PLATFORMS + r"|[A-Z][\w.-]*(?:[ \t][A-Z][\w.-]*)?[ \t](?:Gateway|Router))[ \t]*$", re.M | re.I)
# an OpenAI-compatible endpoint in a page's code sample, and the hosts that are a maker's own API (or local)
API_ENDPOINT = re.compile(r"https?://(?P<host>[\w.-]+)(?::\d+)?/(?:api/)?(?:v\d+|compatible-mode/v\d+|paas/v\d+)/(?:chat/)?completions")
MAKER_API_HOSTS = ("openai.com", "anthropic.com", "deepseek.com", "moonshot.ai", "moonshot.cn", "bigmodel.cn", "z.ai",
                   "x.ai", "googleapis.com", "aliyuncs.com", "mistral.ai", "minimax.chat", "minimaxi.com",
                   "localhost", "127.0.0.1", "0.0.0.0")
# capitalised words that follow a model's name without naming a member of its family
_NOT_A_MEMBER = ("The|A|An|And|Or|In|On|At|By|For|From|To|With|Is|Was|Has|Had|Can|Will|It|Its|This|That|These|Both|"
                 "January|February|March|April|May|June|July|August|September|October|November|December|"
                 "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Model|Models|Series|Family|API")
# a version number that goes on a known name: "Kimi K2.5", "Kimi K2-0711" (a model the entities lack
# unless a longer alias, matched first, holds it)
VERSION_TAIL = re.compile(r"(?:\.\d+|-\d{4}|-\d+(?:\.\d+)?[BM](?:-A\d+(?:\.\d+)?B)?)\b")  # also a size: "Qwen3-0.6B", "-30B-A3B"


def _whole_name(text: str, i: int, j: int, name: str) -> bool:
    """An ASCII name is a whole word: "GPT-4" is not in "GPT-4o", nor "o3" in "o3-mini", nor
    "GPT-4.1" in "GPT-4.1 Mini" (a longer alias, matched first, names that one)."""
    if name[-1:].isascii() and name[-1:].isalnum() and VARIANT_WORD.match(text, j):
        return False
    if name[:1].isascii() and name[:1].isalnum() and i > 0 and text[i - 1].isascii() and text[i - 1].isalnum():
        return False
    if name[-1:].isascii() and name[-1:].isalnum() and j < len(text):
        nxt = text[j]
        if nxt.isascii() and nxt.isalnum():
            return False
        if nxt in ".-" and j + 1 < len(text) and text[j + 1].isascii() and text[j + 1].isalnum():
            return False
    return True


def benchmark_key(label: str) -> str:
    """What a benchmark label names, without its metric in brackets or its punctuation:
    'SWE-bench Verified' and 'SWE Verified (Resolved)' are one benchmark."""
    base = re.sub(r"\s*\(.*$", "", label).lower()
    return re.sub(r"[^a-z0-9]", "", base).replace("swebench", "swe")


# An unqualified name that launch coverage uses for one set: "GPQA" in a model's launch table is
# the Diamond set (the one the vendors report); MMLU is never MMLU-Pro, so nothing else is here.
BENCHMARK_SYNONYMS = {"gpqa": "gpqadiamond", "swe": "sweverified"}


def loose_benchmark(label: str) -> str:
    """A benchmark's name, loosely: its key with a four-digit year shortened ('aime2025' and
    'AIME25' are one), and without a trailing version ('LiveCodeBench v5')."""
    key = benchmark_key(label)
    key = re.sub(r"20(\d\d)", r"\1", key)
    return re.sub(r"v\d+$", "", key)


def labels_of_benchmark(labels, key: str) -> list[str]:
    """The labels (as sources write them) that name the benchmark `key`: by key or its synonym,
    else, where none does, loosely ("LiveCodeBench v5" for an unversioned "LiveCodeBench")."""
    if not key:
        return []
    keys = {key, BENCHMARK_SYNONYMS.get(key, key)}
    exact = [b for b in labels if benchmark_key(b) in keys]
    if exact:
        return exact
    loose = {loose_benchmark(k) for k in keys}
    return [b for b in labels if loose_benchmark(b) in loose]


@dataclass
class Knowledge:
    """What linking needs from the data: names, what each entity has official figures for."""

    aliases: dict[str, list[tuple[str, bool]]]  # entity -> [(name, is_short_form)]
    developers: dict[str, str]
    kinds: dict[str, str]
    found: pd.DataFrame  # reference rows with status found and a value
    benchmarks: dict[str, str] = field(default_factory=dict)  # key -> a label as written
    bench_names: set[str] = field(default_factory=set)  # every name a benchmark is written with
    _alias_names: list[str] = field(default_factory=list)  # longest first
    _alias_owner: dict[str, tuple[str, bool]] = field(default_factory=dict)
    _bench_variants: list[str] = field(default_factory=list)  # benchmark names as searched, longest first
    _fits: dict[tuple, bool] = field(default_factory=dict)
    by_metric: dict[tuple[str, str], list[dict]] = field(default_factory=dict)  # (entity, metric) -> official rows
    version_of: dict[str, str] = field(default_factory=dict)  # a snapshot or point release -> its base model
    series_of: dict[str, str] = field(default_factory=dict)  # a model -> the series it belongs to ("Claude Sonnet")
    _bench_norms: list[tuple[str, str]] = field(default_factory=list)  # (loose form, key), longest first
    titles: dict[str, str] = field(default_factory=dict)  # entity -> its name in entities.csv ("Nature (journal)")

    @classmethod
    def from_tables(cls, entities: pd.DataFrame, reference: pd.DataFrame) -> Knowledge:
        """What linking knows, from entities.csv and reference.csv: names and aliases, developers, kinds,
        versions, the official rows by entity and metric, and the benchmarks."""
        entities = entities.fillna("").astype(str).astype(object)
        aliases, developers, kinds = {}, {}, {}
        version_of, series_of = {}, {}
        for row in entities.itertuples():
            names = [(a.strip().lstrip("~"), a.strip().startswith("~")) for a in str(getattr(row, "aliases", "")).split("|") if a.strip()]
            names = names or [(row.name, False)]
            # the simplified spelling of a traditional name: texts are matched folded
            names += [(fold(n), short) for n, short in names if fold(n) != n]
            aliases[row.entity_id] = names
            if getattr(row, "version_of", ""):
                version_of[row.entity_id] = row.version_of
            if getattr(row, "series", ""):
                series_of[row.entity_id] = row.series
            developers[row.entity_id] = row.developer
            kinds[row.entity_id] = row.entity_kind
        reference = reference.fillna("").astype(str).astype(object)  # NumPy objects filter fast and compare with anything
        found = reference[(reference["status"] == "found") & (reference["value"] != "")]
        kb = cls(aliases, developers, kinds, found, version_of=version_of, series_of=series_of,
                 titles=dict(zip(entities["entity_id"], entities["name"])))
        for column in ("tier", "valid_from", "valid_to"):
            if column not in found:
                found = found.assign(**{column: "standard" if column == "tier" else ""})
        kb.found = found
        columns = ["entity_id", "metric", "benchmark", "comparator_id", "value", "unit", "refers_to", "tier", "valid_from", "valid_to"]
        for row in found[[c for c in columns if c in found]].to_dict("records"):
            kb.by_metric.setdefault((row["entity_id"], row["metric"]), []).append(row)
        for label in found.loc[found["metric"] == "benchmark_score", "benchmark"]:
            kb.benchmarks.setdefault(benchmark_key(label), re.sub(r"\s*\(.*$", "", label))
            kb.bench_names.add(re.sub(r"\s*\(.*$", "", label))
        owner = {}
        for entity, names in aliases.items():
            for name, short in names:
                owner.setdefault(name, (entity, short))
        kb._alias_owner = owner
        names = sorted(owner, key=len, reverse=True)
        kb._alias_names = names
        # "Llama 4" of "Llama 4 Scout", "Gemini 2.5" of "Gemini 2.5 Pro": a family and its version, which
        # another member word follows ("Llama 4 Behemoth" is a model the entities lack)
        prefixes = sorted({m.group(1) for name in names if (m := re.fullmatch(r"(.*\d[\d.]*)\s+[A-Z][a-z]+", name))},
                          key=lambda p: (-len(p), p))
        kb._family_member = re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, prefixes))})\s+(?!(?:{_NOT_A_MEMBER})\b)[A-Z][a-z]+\b"
                                       ) if prefixes else None
        # "GLM-4.6" beside "GLM-4.5", "DeepSeek-V4" beside "DeepSeek-V3": another version of a named line of
        # models (a stem of three letters or more, then a version number), which the entities lack when
        # no alias, matched first, holds it
        stems = sorted({m.group(1) for name in names if (m := re.fullmatch(r"([A-Za-z][A-Za-z .-]{2,}?[ -]?[A-Za-z]?)\d+(?:\.\d+)?", name))
                        and re.search(r"[A-Za-z]{3}", m.group(1))}, key=lambda p: (-len(p), p))
        # (not before "-1": "gpt-4-1" is GPT-4.1's id)
        kb._sibling = re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, stems))})\d+(?:\.\d+)?(?![\w]|\.\d|-\d)") if stems else None
        # a maker the entities name only as a developer ("xAI", "Mistral AI"): named, it is the subject of
        # its sentence ("Elon Musk launched xAI in July 2023"), not the page's model
        kb.makers = {_bare(d) for e, d in developers.items()
                     if kinds.get(e) == "model" and ";" not in d} - set(owner) - {""}
        kb._makers = _alternation(kb.makers, r"(?![\w-])")
        # "Grok", "Claude", "Gemini" alone: the family of "Grok 4", "Claude 3.7 Sonnet", no model of it
        kb.families = {m.group(1) for name in names if kb.kinds.get(owner[name][0]) == "model"
                       and (m := re.fullmatch(r"([A-Z][A-Za-z]+)\s+\S*\d.*", name))} - set(owner)
        kb._family_alone = _alternation(kb.families, r"(?![\w-])(?!\s?[\d.]*\d)")
        # longest first, and ties in a fixed order: these are built from sets, whose order changes
        # from one process to the next (the hash seed), and the first match wins
        kb._bench_norms = sorted({(loose_benchmark(k), k) for k in kb.benchmarks}, key=lambda p: (-len(p[0]), p))
        bench_names = sorted(kb.bench_names, key=lambda n: (-len(n), n))
        kb._bench_variants = sorted({v.lower() for n in bench_names for v in _spellings(n) + [n.replace("-", "")]},
                                    key=lambda v: (-len(v), v))
        return kb

    def entity_spans(self, text: str, unknown: list | None = None) -> list[tuple[int, int, str]]:
        """(start, end, entity_id) of every name in the text, longest name first where names
        overlap; short forms only where the article also names the entity in full or its
        developer. A known name followed by a variant word ("GPT-4.1 Mini") names a model the
        entities do not hold: its span goes to `unknown`, if given. (str.find per name: one
        alternation of a hundred names with lookarounds costs seconds on a long article.)"""
        taken = bytearray(len(text) + 1)
        spans, full_named = [], set()
        lower = text.lower()
        for name in self._alias_names:
            entity, short = self._alias_owner[name]
            for variant in _spellings(name):
                # a name of four or more characters in any capitalisation ("Deepseek-v3"); shorter
                # ones ("o1", "K2") only as written
                haystack, needle = (lower, variant.lower()) if len(variant) >= 4 and variant.isascii() else (text, variant)
                i = haystack.find(needle)
                while i >= 0:
                    j = i + len(variant)
                    if short and SERIES_AFTER.match(text, j) and not any(taken[i:j]):
                        # "extending the K2 series": a short form before "series" names the line of models,
                        # not the model ("the DeepSeek-V2 series", in full, is DeepSeek-V2 and its variants)
                        taken[i:j] = b"\x01" * (j - i)
                    elif _whole_name(text, i, j, variant) and not any(taken[i:j]):
                        taken[i:j] = b"\x01" * (j - i)
                        spans.append((i, j, entity, short))
                        if not short:
                            full_named.add(entity)
                    elif unknown is not None and not any(taken[i:j]) and (
                            v := VARIANT_WORD.match(text, j) or (variant[-1:].isdigit() and VERSION_TAIL.match(text, j))):
                        unknown.append((i, v.end(), text[i:v.end()]))
                    i = haystack.find(needle, i + 1)
        for pattern in (self._family_member, self._sibling) if unknown is not None else ():
            for hit in pattern.finditer(text) if pattern is not None else ():
                if not any(taken[hit.start():hit.end()]):
                    taken[hit.start():hit.end()] = b"\x01" * (hit.end() - hit.start())
                    unknown.append((hit.start(), hit.end(), hit.group(0)))
        # a maker named alone ("launched xAI", not "xAI's Grok 4"), a family named alone ("Grok debuted")
        for pattern, unless in ((self._makers, MAKERS_MODEL), (self._family_alone, None)):
            for hit in pattern.finditer(text) if unknown is not None and pattern is not None else ():
                if not any(taken[hit.start():hit.end()]) and not (unless and unless.match(text, hit.end())):
                    unknown.append((hit.start(), hit.end(), hit.group(0)))
        out = []
        for start, end, entity, short in sorted(spans):
            if short and entity not in full_named and not self._developer_named(entity, full_named, text):
                continue
            out.append((start, end, entity))
        return out

    def name(self, entity: str) -> str:
        """The entity's first name as entities.csv writes it (its id when it has none)."""
        return self.aliases.get(entity, [(entity, False)])[0][0]

    def _developer_named(self, entity: str, named: set[str], text: str) -> bool:
        developer = self.developers.get(entity, "")
        return bool(developer) and (developer in text or any(self.name(e) == developer for e in named))

    def benchmark_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every benchmark name in the text, in any capitalisation, with
        spaces and hyphens interchangeable, longest first where names overlap (str.find per name,
        as entity_spans does: one alternation of them all is slow on a long text)."""
        if not self._bench_variants:
            return []
        lower = text.lower()
        taken = bytearray(len(text) + 1)
        spans = []
        for variant in self._bench_variants:
            i = lower.find(variant)
            while i >= 0:
                j = i + len(variant)
                if _whole_name(lower, i, j, variant) and not any(taken[i:j]):
                    taken[i:j] = b"\x01" * (j - i)
                    spans.append((i, j, benchmark_key(text[i:j])))
                i = lower.find(variant, i + 1)
        return sorted(spans)

    def benchmark_in(self, label: str) -> str:
        """The key of the benchmark a table's row label or column header names, read loosely
        ("AIME25 Math Reasoning" is AIME 2025, "ArenaHard" is Arena-Hard), or ''."""
        loose = loose_benchmark(label)
        for form, key in self._bench_norms:
            if form and (loose.startswith(form) or (len(form) >= 5 and form in loose)):
                return key
        return ""

    def current_member(self, series: str, on: str) -> str:
        """The member of a series released last on or before the date `on` ('' when none is, or
        when `on` is past config.SERIES_LISTED_THROUGH, up to which entities.csv lists every member)."""
        if not on or on[:10] > SERIES_LISTED_THROUGH:
            return ""
        released = []
        # an event held in the article's month ("2025-07") is the one a July article names
        month_end = date_span(on)[1].isoformat()
        for member, of in self.series_of.items():
            if of != series:
                continue
            event = self.kinds.get(member) == "event"
            dates = [r["value"] for r in self.by_metric.get((member, "event_date" if event else "release_date"), [])]
            until = month_end if event else on[:10]
            if dates and min(dates) <= until:
                released.append((min(dates), member))
        return max(released)[1] if released else ""

    def family(self, entity: str) -> set[str]:
        """The entity, its base model and the base's other versions."""
        base = self.version_of.get(entity, entity)
        return {base} | {e for e, b in self.version_of.items() if b == base}

    def official(self, entity: str, metric: str) -> list[dict]:
        """Official rows (status found, with a value) of the entity and metric (both price sides
        for a price whose side is not stated)."""
        return [r for m in PRICE_SIDES.get(metric, [metric]) for r in self.by_metric.get((entity, m), [])]

    def labels(self, entity: str, metric: str) -> list[str]:
        """The distinct benchmark labels of the entity's official rows of the metric, in order."""
        return list(dict.fromkeys(r["benchmark"] for r in self.official(entity, metric)))

    def fits(self, entity: str, metric: str, benchmark: str = "") -> bool:
        """The entity has an official figure of this metric (and benchmark) to compare with."""
        key = (entity, metric, benchmark)
        if key not in self._fits:
            labels = [r["benchmark"] for r in self.official(entity, metric)]
            if metric == "benchmark_score":
                labels = labels_of_benchmark(labels, benchmark)
            elif benchmark:
                labels = [b for b in labels if labels_agree(benchmark, b)]
            self._fits[key] = bool(labels)
        return self._fits[key]


# --------------------------------------------------------------------------- the text's shape

class Layout:
    """Sentence and clause boundaries of a text, found once (bisect per figure, not a rescan)."""

    def __init__(self, text: str):
        self.text = text
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.sentence_starts = [0] + [e for e in ends if e < len(text)]
        seps = [(m.start(), m.end()) for m in _CLAUSE_SEP.finditer(text)]
        self.clause_starts = sorted(set(self.sentence_starts) | {e for _, e in seps})
        self.clause_ends = sorted({s for s, _ in seps} | {s for s in self.sentence_starts[1:]} | {len(text)})

    def sentence(self, pos: int, back: int = 0) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`, or of the one `back` sentences before it; (0, 0) when
        there is none."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1 - back
        if i < 0:
            return 0, 0
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[i], end

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the clause around [start, end): from the last clause start at or before it to the
        first clause end at or after it."""
        s = self.clause_starts[bisect.bisect_right(self.clause_starts, start) - 1]
        e = self.clause_ends[bisect.bisect_left(self.clause_ends, end)]
        return s, e


# --------------------------------------------------------------------------- the link

@dataclass
class Link:
    """One figure, linked (or with the reason it could not be)."""

    mention: Mention
    quote: str
    entity_id: str = ""
    metric: str = ""
    benchmark: str = ""
    value: str = ""
    unit: str = ""
    qualifier: str = "exact"
    value_low: str = ""
    value_high: str = ""
    confidence: float = 0.0
    review: str = ""  # why it needs review; empty when it can be judged
    notes: list[str] = field(default_factory=list)
    binary_k: bool = False  # "128K": 128 x 1000 or 128 x 1024 tokens
    tier: str = "standard"  # what the value applies to (cache hit, off-peak...), from the text's words
    tier_said: bool = False  # the text names the tier; else the list price / default setting is assumed
    at_release: bool = False  # "at launch", "pricing at release": judged at the entity's release date
    place: str = ""  # where the entity was found (clause_before, table_column, heading...)
    pinned: str = ""  # the entity the figure's own form names ("o1 (September 2024)")
    comparator: str = ""  # what a ratio compares the entity with ("one fifth of Claude Sonnet 4's price")
    also: list[str] = field(default_factory=list)  # the others of a list the figure is said of ("with the debut of A, B and C")
    holds_only: str = ""  # why a verdict of the wrong class would say more than the words do (then: needs review)
    bench_key: str = ""  # the benchmark as a key (benchmark_key), whatever label it is written with
    said_of: list[str] = field(default_factory=list)  # one multiple said of several workloads: their labels

    @property
    def side(self) -> str:
        """The price side the metric names: 'input', 'output', 'unspecified' (api_price), else ''."""
        return {"price_input": "input", "price_output": "output", "api_price": "unspecified"}.get(self.metric, "")


def _number_text(figure: str) -> str:
    m = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", figure)
    return m.group(0).replace(",", "") if m else ""


def _cell(value: float) -> str:
    return f"{value:.10g}" if value != int(value) or abs(value) >= 1e16 else str(int(value))


def _own_cue(pattern: re.Pattern, text: str, lo: int, hi: int, m: Mention, others) -> int | None:
    """Distance to the nearest cue word in the clause that is nearer to this figure than to any
    other number ("671B-parameter model that activates 37B": 'activates' belongs to 37B)."""
    best = None
    for c in pattern.finditer(text, lo, hi):
        d = _gap((c.start(), c.end()), (m.start, m.end))
        if any(_gap((c.start(), c.end()), o) < d for o in others):
            continue
        best = d if best is None else min(best, d)
    return best


def _gap(a, b) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _before(pattern: re.Pattern, text: str, lo: int, pos: int) -> int | None:
    """Distance back from pos to the last match of pattern in text[lo:pos]."""
    last = None
    for m in pattern.finditer(text, lo, pos):
        last = m
    return None if last is None else pos - last.end()


class Linker:
    def __init__(self, knowledge: Knowledge):
        self.kb = knowledge
        self._spans: tuple[list, list] = ([], [])

    def link_text(self, text: str, this_year: int | None = None, on: str = "") -> list[Link]:
        """Every figure of the text, linked to an entity and a metric (or with why it needs review);
        numbers inside names are no figures. `on` is the date the article speaks at: a series
        named without its version ("Claude Sonnet") is the member current then."""
        folded = fold(text)  # cue words and names are matched in simplified characters
        layout = Layout(folded)
        segments = Segments(text)
        unknown: list = []  # "GPT-4.1 Mini": a model the entities do not hold
        entities, read_as = self._series_resolved(folded, self.kb.entity_spans(folded, unknown), unknown, on)
        benchmarks = self.kb.benchmark_spans(folded)
        names = [(s, e) for s, e, _ in entities] + [(s, e) for s, e, _ in benchmarks]
        starts = [s for s, _, _ in entities]
        links = []
        mentions = find_mentions(text, this_year=this_year)
        in_name = bytearray(len(text) + 1)
        for s, e in names + [(s, e) for s, e, _ in unknown]:
            in_name[s:e] = b"\x01" * (e - s)
        mention_starts = [m.start for m in mentions]
        for m in mentions:
            if m.kind in ("identifier", "alnum") or all(in_name[m.start:m.end]):
                continue  # a number inside a name is no figure
            if re.fullmatch(r"(?:百万|百萬)\s?tokens?", m.text) and text[max(0, m.start - 1):m.start] in ("每", "/"):
                continue  # 每百万tokens: the unit of a price, not a figure
            if m.kind == "date" and self._page_date(text, m):
                links.append(Link(m, quote_for(text, m.start, m.end),
                                  review="the page's own date (its dateline or byline), no figure"))
                continue
            cell = segments.cell_at(m.start, m.end)
            label = None if cell else segments.label_at(m.start)
            if cell:
                # a table cell reads with its row label and column header (and the table's price unit)
                unit = "per 1M tokens " if PER_MILLION.search(fold(cell.table_labels)) else ""
                link = self._link_in_context(text, m, f"{unit}{_neutral(cell.row_label)} {_neutral(cell.header)} ",
                                             cell.start, text[cell.start:cell.end], (cell.line_start, cell.line_end), this_year,
                                             self.kb.benchmark_in(cell.row_label) or self.kb.benchmark_in(cell.header))
            elif label:
                # "Context window: 200K tokens": the label says what the value measures (and the
                # heading above a list of them: "1M Token Context Window" over "- GPT-4o: ~128K tokens")
                heading = segments.headings_before(label.line_start)[:1]
                over = _neutral(re.sub(r"[\d.,]+\s?[A-Za-z]?\b", " ", text[heading[0][0]:heading[0][1]])) if heading else ""
                link = self._link_in_context(text, m, f"{over} {_neutral(label.label)} ", label.value_start,
                                             text[label.value_start:label.line_end], (label.line_start, label.line_end), this_year)
            else:
                link = self._link(folded, layout, m, entities, starts, benchmarks, (mentions, mention_starts), original=text)
            if cell and link.metric and self.kb.kinds.get(link.entity_id) == "company" and not self.kb.fits(link.entity_id, link.metric):
                # "| Provider | OpenAI |" as a spec table's header row: the maker heads the column, the page's
                # model (its heading or title) is what the figures are of
                link.entity_id, link.review, link.confidence = "", "the sentence names no entity (only the maker)", 0.0
            if link.metric and not link.entity_id and link.review.startswith(NO_ENTITY_REVIEWS):
                line_lo, line_hi = text.rfind("\n", 0, m.start) + 1, (text.find("\n", m.end) + 1 or len(text) + 1) - 1
                other = next((name for s, e, name in unknown if line_lo <= s and e <= line_hi), "")
                if other:  # its own line names a model the entities do not hold: not the heading's
                    link.review = f"the line names {other}, a name not in data/entities.csv"
                    links.append(link)
                    continue
                self._subject(folded, segments, entities, m, link, unknown)
                self._benchmark_label(link)
            if link.entity_id and link.place in ("clause_before", "sentence_before") and not cell and not label and not link.pinned:
                # "ahead of GPT-5 at 68% and Opus 4.1 at 74.5%": a name the entities lack stands nearer the figure
                s_lo, _s_hi = layout.sentence(m.start)
                here = entities[bisect.bisect_left(starts, s_lo):bisect.bisect_left(starts, m.start)]
                own = max((e_ for _s, e_, e in here if e == link.entity_id and e_ <= m.start), default=-1)
                nearer = [name for s_, e_, name in unknown if own < s_ and e_ <= m.start and s_ >= s_lo]
                if nearer:
                    link.review = f"the nearest name, {nearer[-1]}, is a name not in data/entities.csv"
            if link.entity_id and link.place in ("", "previous_sentence", "anaphor", "heading", "title", "title_shared") \
                    and not cell and not label:
                s_lo, s_hi = layout.sentence(m.start)
                other = next((name for s, e, name in unknown if s_lo <= s and e <= s_hi), "")
                if other:  # "Claude 3.5 Haiku costs $0.80": its own sentence names a model the entities do not hold
                    link.review = f"the sentence names {other}, a name not in data/entities.csv"
            # only the few series names resolved, not every name of the text, for each figure
            # (a member read from two of its names, "WAIC(世界人工智能大会)", is one reading, doubted once)
            read = {}
            for series, member in sorted({named for (s, _e), named in read_as.items() if abs(s - m.start) < 300}):
                read.setdefault(member, []).append(series)
            for member, series in read.items():
                if member in (link.entity_id, link.comparator):
                    said = "', '".join(series)
                    link.notes.append(f"'{said}' read as {self.kb.name(member)}, the one current at {on}")
                    link.confidence = round((link.confidence or 1.0) * 0.9, 2)
            links.append(link)
            # one figure said of a list ("with the debut of A, B and C"): a row for each of them
            links += [replace(link, entity_id=other, pinned=other, also=[], notes=list(link.notes)) for other in link.also]
        self._compared_pairs(folded, links)
        platform = _page_platform(text)
        for link in links if platform else ():  # a gateway's model page ("Provider Merge Gateway")
            _priced_by_platform(link, f"platform's page ({platform})")
        return links

    @staticmethod
    def _compared_pairs(text: str, links: list[Link]) -> None:
        """Two figures set against each other ("$15 vs $10", "77% versus 68%") are two things' figures:
        linked to the same entity and metric, one of the two links is wrong, and which is not known."""
        for a, b in zip(links, links[1:]):
            if (a.entity_id and a.entity_id == b.entity_id and a.metric and a.metric == b.metric and a.tier == b.tier
                    and not a.also and not b.also
                    and COMPARED_PAIR.fullmatch(text, a.mention.end, b.mention.start)):
                for link in (a, b):
                    link.review = link.review or (f"'{a.mention.text}' and '{b.mention.text}' are set against each other: "
                                                  f"they cannot both be {link.entity_id}'s")

    def _series_resolved(self, text: str, spans: list, unknown: list, on: str) -> tuple[list, dict]:
        """The spans with each series name ("Claude Sonnet") read as the member current at `on`;
        a series name with a number after it ("Claude Sonnet 5") names a model the entities do not
        hold, and one that cannot be resolved names none. Also {(start, end): (name, member)}."""
        out, read_as = [], {}
        for start, end, entity in spans:
            if self.kb.kinds.get(entity) != "series":
                out.append((start, end, entity))
                continue
            version = re.match(r"[\s-]?\d+(?:\.\d+)?", text[end:end + 6])
            if version:
                unknown.append((start, end + version.end(), text[start:end + version.end()]))
                continue
            member = self.kb.current_member(entity, on)
            if member:
                out.append((start, end, member))
                read_as[(start, end)] = (text[start:end], member)
        return out, read_as

    def _link_in_context(self, text, m: Mention, prefix: str, base: int, body: str, line: tuple[int, int],
                         this_year, bench_hint: str = "") -> Link:
        """Link a figure of a table cell or label line as the sentence 'PREFIX BODY' (the row
        label and column header, or the label, before the cell's or value's own words); the
        quote is the whole line, as written."""
        synth = prefix + body
        folded = fold(synth)
        entities = self.kb.entity_spans(folded)
        mentions = find_mentions(synth, this_year=this_year)
        target = m.start - base + len(prefix)
        mine = next((x for x in mentions if x.start == target), None)
        if mine is None:
            mine = replace(m, start=target, end=target + (m.end - m.start))
        link = self._link(folded, Layout(folded), mine, entities, [s for s, _, _ in entities],
                          self.kb.benchmark_spans(folded), (mentions, [x.start for x in mentions]),
                          original=synth, bench_hint=bench_hint)
        link.mention = m
        lo, hi = _strip(text, *line)
        link.quote = text[lo:hi] if hi - lo <= 200 else quote_for(text[lo:hi], m.start - lo, m.end - lo)
        return link

    def _subject(self, folded, segments: Segments, entities, m: Mention, link: Link, unknown=()) -> None:
        """A figure whose sentence names no entity: the entity of the heading above it, else
        of the page's title (a list or table line under "Claude 3.7 Sonnet"). A heading that names
        only the maker ("by OpenAI" under "GPT-4.1") is passed over; one that names a model the
        entities lack ("GPT-5.4 active frontier") heads figures of that model: the search stops."""
        fit = self._fit_for(link)
        headings = segments.headings_before(m.start)
        for k, (h_lo, h_hi) in enumerate(headings):
            # a name after a comparing word ("…比肩 OpenAI o1 正式版", "rivals o1") is what the heading compares with
            named = list(dict.fromkeys(e for s, e_, e in entities if h_lo <= s and e_ <= h_hi
                                       and not COMPARED_IN_HEADING.search(folded, h_lo, s)))
            if not named:
                # a family name or a maker alone ("xAI · Grok" under "Grok 4") is the title model's family
                if any(h_lo <= s and e_ <= h_hi and name not in self.kb.families and name not in self.kb.makers
                       for s, e_, name in unknown):
                    return
                continue
            fitting = [e for e in named if fit(e)]
            if not fitting and all(self.kb.kinds.get(e) == "company" for e in named):
                continue
            title = k == len(headings) - 1
            models = [e for e in named if self.kb.kinds.get(e) != "company"]
            if len(fitting) > 1 or (len(named) > 1 and not fitting) or len(models) > 1:
                # the heading names several ("DeepSeek-V3.1-Terminus DeepSeek-V3.2-Exp"): which one is not
                # said, even where only one has an official figure to compare with
                return
            link.entity_id, link.review = (fitting or named)[0], ""
            link.place = "title" if title else "heading"
            # a page about one subject: a title no heading below contradicts is nearly as sure as a heading
            place = "title" if title and not self._other_heading_entities(segments, entities, link.entity_id) else \
                ("heading" if not title else "title_shared")
            link.confidence = round(PLACE_CONFIDENCE[place] * (link.confidence or 1.0) * (1.0 if fitting else 0.8), 2)
            link.notes.append(f"entity from the {'title' if title else 'heading'} above the figure")
            return

    def _other_heading_entities(self, segments: Segments, entities, entity: str) -> bool:
        """Whether a heading of the page names an entity other than `entity`."""
        for h_lo, h_hi in segments.headings[1:]:
            if any(h_lo <= s and e_ <= h_hi and e != entity for s, e_, e in entities):
                return True
        return False

    # -- one figure

    def _link(self, text, layout, m: Mention, entities, starts, benchmarks, mentions, original: str | None = None,
              bench_hint: str = "") -> Link:
        original = text if original is None else original
        self._spans = (entities, starts)  # the names of the text being linked, for _named_in
        s_lo, s_hi = layout.sentence(m.start)
        q_lo, q_hi = _strip(original, s_lo, s_hi)
        quote = quote_for(original[q_lo:q_hi], m.start - q_lo, m.end - q_lo) if q_hi > q_lo else m.text
        link = Link(mention=m, quote=quote, qualifier=m.qualifier)
        c_lo, c_hi = layout.clause(m.start, m.end)
        all_mentions, mention_starts = mentions
        nearby = all_mentions[bisect.bisect_left(mention_starts, c_lo):bisect.bisect_left(mention_starts, c_hi)]
        others = [(o.start, o.end) for o in nearby if o is not m]
        self._metric(text, m, link, (c_lo, c_hi), (s_lo, s_hi), benchmarks, others, bench_hint)
        # the sentence's first figure of the same kind: an earlier time of day or bare number is no list item
        lead = next((o.start for o in all_mentions[bisect.bisect_left(mention_starts, s_lo):]
                     if o.start >= m.start or o.kind == m.kind), m.start)
        lead = min(lead, m.start)
        link.pinned = link.pinned or self._respective(text, m, (s_lo, s_hi), all_mentions, mention_starts)
        self._tier(text, link, (c_lo, c_hi), (s_lo, s_hi), lead)
        if link.review and not link.metric:
            # still say which entity its sentence names, for the reader (nothing to fit: no sentence before)
            self._entity(text, layout, m, link, entities, starts, (c_lo, c_hi), (s_lo, s_hi), fit=lambda e: True,
                         look_back=False)
            return link
        self._entity(text, layout, m, link, entities, starts, (c_lo, c_hi), (s_lo, s_hi), fit=self._fit_for(link))
        if link.metric == "_multiple":
            if link.entity_id:
                multiples = [(o.start, o.end) for o in all_mentions[bisect.bisect_left(mention_starts, s_lo):
                                                                     bisect.bisect_left(mention_starts, s_hi)]
                             if o is not m and o.kind == m.kind]
                self._multiple_metric(text, link, (c_lo, c_hi), (s_lo, s_hi), multiples)
            else:
                link.metric = ""
                link.review = link.review or "a multiple with no entity that has official multiples"
        self._benchmark_label(link)
        return link

    def _respective(self, text, m: Mention, sentence, all_mentions, mention_starts) -> str:
        """The entity of the k-th figure in "A和B ... 分别为 X和Y" / "A and B ... X and Y respectively" (or, in
        one clause, "A and B charge X and Y"): the k-th name of the list of names that comes last before the
        figures, when the two lists are as long; '' otherwise."""
        s_lo, s_hi = sentence
        same = [o for o in all_mentions[bisect.bisect_left(mention_starts, s_lo):bisect.bisect_left(mention_starts, s_hi)]
                if o.kind == m.kind]
        i = next((k for k, o in enumerate(same) if o is m), None)
        if i is None:  # a figure read in its label's or cell's own context: no list to pair it in
            return ""
        lo, hi = i, i  # the run of figures joined as a list around m
        while lo > 0 and LIST_JOIN.fullmatch(text, same[lo - 1].end, same[lo].start):
            lo -= 1
        while hi + 1 < len(same) and LIST_JOIN.fullmatch(text, same[hi].end, same[hi + 1].start):
            hi += 1
        figures = same[lo:hi + 1]
        if len(figures) < 2:
            return ""
        cue = RESPECTIVELY.search(text, max(s_lo, figures[0].start - 12), min(s_hi, figures[-1].end + 16))
        entities, starts = self._spans
        names = entities[bisect.bisect_left(starts, s_lo):bisect.bisect_left(starts, figures[0].start)]
        run = names[-1:]
        for earlier in reversed(names[:-1]):
            if not LIST_JOIN.fullmatch(text, earlier[1], run[0][0]):
                break
            run.insert(0, earlier)
        if len(run) != len(figures) or len({e for _, _, e in run}) != len(run):
            return ""
        # without the word, the two lists pair only in one clause ("A and B charge $1 and $2")
        if not cue and (len(text[run[-1][1]:figures[0].start]) > 60 or re.search(r"[,;:，；：。()（）]", text[run[-1][1]:figures[0].start])):
            return ""
        return run[i - lo][2]

    def _benchmark_label(self, link: Link) -> None:
        """A benchmark key as the entity's own reference label ("sweverified" -> "SWE-bench Verified (...)")."""
        if link.metric == "benchmark_score" and link.benchmark and not link.bench_key:
            link.bench_key = link.benchmark
        if link.entity_id and link.metric == "benchmark_score" and link.benchmark:
            labels = labels_of_benchmark(self.kb.labels(link.entity_id, "benchmark_score"), link.bench_key)
            link.benchmark = labels[0] if labels else self.kb.benchmarks.get(link.benchmark, link.benchmark)

    def _tier(self, text, link: Link, clause, sentence, lead: int | None = None) -> None:
        """The tier the text names for a price or score, in its clause, else in the words that
        lead its sentence up to its first figure ("On cache hits, V3 costs $0.07 and R1 $0.14");
        a tier said after an earlier figure of a list ("$7.50 per million cached input tokens,
        and $60 per million output tokens") is that figure's own. Also whether it is the price
        at launch."""
        if link.metric not in ("price_input", "price_output", "api_price", "benchmark_score"):
            return
        # its own clause, else what the sentence says before it ("(thinking tokens included)" after a
        # price is about another figure)
        # (a price's unit may stand between: "1元/M tokens(缓存命中)")
        after = re.match(r"(?:\s*(?:/|per)\s?(?:1\s?)?(?:M|百万|million)\s?(?:tokens?|toks?)?)?\s*[(（][^()（）]{0,24}[)）]",
                         text[link.mention.end:link.mention.end + 44], re.I) if link.mention.end <= len(text) else None
        bracket = (link.mention.end, link.mention.end + after.end()) if after else (0, 0)
        before = link.mention.start if link.mention.start >= sentence[0] else clause[0]
        if lead is not None and sentence[0] <= lead:
            before = min(before, lead)
        for lo, hi in (clause, bracket, (sentence[0], before)):
            said = [tier for tier, cue in TIER_CUES if cue.search(text, lo, hi)
                    # a cache hit prices input tokens: "输入(缓存命中)..., 输出..." leaves the output at list price
                    and not (tier == "cache_hit" and link.metric == "price_output")]
            if said:
                link.tier, link.tier_said = said[0], True
                special = list(dict.fromkeys(t for t in said if t != "standard"))
                if "off_peak" in special:  # an off-peak discount (优惠时段) is one tier, not a promotion besides
                    special = [t for t in special if t != "promotional"]
                    link.tier = "off_peak" if link.tier == "promotional" else link.tier
                if len(special) > 1 and link.metric != "benchmark_score":
                    # "优惠时段...输入(缓存命中)": the off-peak cache-hit price, a tier of two the reference keeps apart
                    link.review = link.review or f"a price of two tiers at once ({' and '.join(t.replace('_', '-') for t in special)})"
                break
        if link.tier in ("cache_hit", "cache_write") and link.metric == "api_price":
            link.metric = "price_input"  # "Cache Read Cost $0.50": a cache prices the prompt, the input side
        link.at_release = bool(RELEASE_TIME.search(text, *sentence))

    def _fit_for(self, link: Link):
        if link.metric == "_multiple":
            return lambda e: self.kb.fits(e, "hardware_multiplier") or self.kb.fits(e, "speedup")
        return lambda e: self.kb.fits(e, link.metric, link.benchmark)

    def _metric(self, text, m: Mention, link: Link, clause, sentence, benchmarks, others=(), bench_hint: str = "") -> None:
        """What the figure measures, by its kind: a date, a size in bytes, a price, a score in a
        table named by its benchmark, a percentage, a multiple, or a count (throughput, context,
        GPU hours, GPUs, tokens, parameters, transistors...). Each kind has its own method."""
        written = text[m.start:m.end]  # the figure as written, folded
        if m.kind in ("number", "percent") and SETTING.search(text, clause[0], m.start):
            # "默认温度:0.7", "temperature 0.7": a setting of a request, no figure of the model
            link.review = "a sampling setting of a request (temperature, top-p), no figure of the model"
            return None
        if m.unit == "date" or m.kind == "date":
            return self._date_metric(text, m, link, clause, sentence)
        if m.kind == "bytes" and isinstance(m.value, (int, float)):
            return self._bytes_metric(text, m, link, clause, sentence)
        other = m.kind in ("price", "number") and OTHER_CURRENCY.search(text, max(0, m.start - 3), min(len(text), m.end + 2))
        if other:  # "(台幣750萬元)", "4,349萬港元": the reference prices in USD and CNY only
            link.review, link.value = f"a sum in {other.group(0)}, a currency the reference does not price in", _number_text(written)
            return None
        if (USD.search(written) or CNY.search(written)) and m.kind in ("price", "number"):
            self._price_metric(text, m, link, clause, sentence)
            reseller = THIRD_PARTY.search(text, *sentence)
            if reseller:  # "available through AI Gateway at $0.57"
                _priced_by_platform(link, f"platform ({reseller.group('platform')})")
            return None
        if bench_hint and m.kind in ("number", "percent") and isinstance(m.value, (int, float)):
            if self._table_score(text, m, link, clause, sentence, bench_hint):
                return None
        if m.kind == "percent" or (m.unit == "fraction" and re.search(r"[%％]|百分之|percent", written)):
            return self._percent_metric(text, m, link, clause, sentence, benchmarks)
        if m.kind == "multiple" or m.unit == "x":
            return self._multiple_value(text, m, link, clause, sentence)
        if m.kind == "rank":
            return self._rank_metric(text, m, link, clause, sentence)
        if m.kind == "ratio" and isinstance(m.value, (int, float)) and self._price_ratio(text, m, link, m.value, sentence):
            return None
        return self._count_metric(text, m, link, clause, sentence, others)

    def _date_metric(self, text, m: Mention, link: Link, clause, sentence) -> None:
        """A date: a knowledge cutoff, a release date by its verb or its form, an event's date; else why not."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        value = m.value if isinstance(m.value, str) else None
        if not value:
            link.review = "a date the parser cannot read"
        elif value.startswith("--"):
            link.review = "a date without its year (give the year with --year)"
        elif KNOWLEDGE.search(text, c_lo, c_hi):
            link.metric, link.value, link.unit, link.confidence = "knowledge_cutoff", value, "date", 1.0
        elif self._release_by_its_form(text, m, link, (c_lo, c_hi), sentence):
            pass
        elif listed := self._release_list_after(text, m, clause, sentence):
            # "by the first half of this year, with the debut of Gemini-1.5, Claude-3.5, and Llama-3"
            link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 1.0
            link.pinned, link.also = listed[0], listed[1:]
            if link.also:
                link.notes.append(f"one date said of {len(listed)} models listed after the release")
        elif LEADING_DATE.fullmatch(text, s_lo, m.start) \
                and self._release_dated(text, c_hi, s_hi):  # "In mid-April 2025, OpenAI released o3"; 紧接着在7月28日凌晨，
            link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 1.0
            released = self._released_name(text, c_hi, s_hi)
            if released:  # "7月中旬，Kimi K2的调用量与刚发布的Grok4...": the release verb names what was released
                link.pinned = released
        elif LEADING_DATE.fullmatch(text, s_lo, m.start) and (piece := self._published_piece(text, c_hi, s_hi)):
            # "7月中旬,英国《自然》杂志网站发表文章称,Kimi K2…": when the publisher's article on it came out
            link.metric, link.value, link.unit, link.confidence = "event_date", value, "date", 0.9
            link.pinned = piece
        elif DEBUT.search(text, s_lo, s_hi) and self._arrival(link, set(self._named_in(text, s_lo, s_hi))):
            link.value, link.unit, link.confidence = value, "date", 0.9  # "In 2017, AlphaGo shocked the world"
        elif AS_OF_BEFORE.search(text[max(c_lo, m.start - 8):m.start]):
            # "已连续举办7届(截至2025年)", "as of 2025": the date a count holds at, not when something happened
            link.review = "the date a count or state is given as of, not a date something happened on"
        elif FOUNDED.search(text, c_lo, c_hi):
            # "WAIC(…)自2018年创办以来", "DeepSeek, founded in July 2023": a founding, not this edition's date
            link.review = "the date something was founded, which the reference does not hold"
        elif len(events := {e for e in self._named_in(text, s_lo, s_hi) if self.kb.kinds.get(e) == "event"}) == 1:
            # a date in a sentence about one event (a conference, an award): the event's date
            link.metric, link.value, link.unit, link.confidence = "event_date", value, "date", 0.9
            link.pinned = events.pop()
        elif not self._named_in(text, s_lo, s_hi) and len(events := self._paragraph_events(text, s_lo, s_hi)) == 1:
            # "7月底的上海… 一场盛会刚在这里落幕。这是WAIC…": a date in a sentence that names nothing, in a
            # paragraph about one event, named later; the event's date, but too loosely tied to call it wrong
            link.metric, link.value, link.unit, link.confidence = "event_date", value, "date", 0.8
            link.pinned = events.pop()
            link.holds_only = "the event is named later in the paragraph, not in the date's own sentence"
        elif not RELEASE.search(text, c_lo, c_hi):  # its own clause: "ChatGPT in 2023, ... o1 released last week"
            link.review = "a date with no release verb in its clause: what happened on it is not said"
        else:
            link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 1.0
        if link.review:
            link.value, link.unit = value or "", "date"
        half = HALF_YEAR.search(m.text)
        if half and value and re.fullmatch(r"\d{4}", value):
            # "the first half of 2024" is January to June, not any day of 2024
            first = half.group(1).lower() == "first"
            link.qualifier = "range"
            link.value_low, link.value_high = f"{value}-{'01' if first else '07'}", f"{value}-{'06' if first else '12'}"
            if re.search(r"\bby\s+$", text[max(0, m.start - 4):m.start], re.I):
                link.value_low = ""  # "by the first half of 2024": then or before

    @staticmethod
    def _page_date(text: str, m: Mention) -> bool:
        """The date is the page's own: on a dated label line, or a byline in the first lines."""
        lo = text.rfind("\n", 0, m.start) + 1
        hi = text.find("\n", m.end)
        line = text[lo:hi if hi >= 0 else len(text)]
        at = m.start - lo
        found = DATED_LABEL.match(line) or (text.count("\n", 0, lo) < 4 and BYLINE.match(line))
        return bool(found) and found.start(1) <= at < found.end()

    def _published_piece(self, text: str, lo: int, hi: int) -> str:
        """The article (an entity of kind paper) that a publisher named in text[lo:hi] is said to have
        published there ("《自然》杂志网站发表文章称", "Nature published a story"), about an entity the
        same words name: its developer is the publisher and a reference row of it compares it with
        that entity. '' when the words say no such thing or name no one such article."""
        publishers = [span for span in self._named_spans(lo, hi) if self.kb.kinds.get(span[2]) == "publisher"]
        if not publishers or not any(PUBLISHED.search(text, span[1], hi) for span in publishers):
            return ""
        # the outlet as a paper's developer writes it: "Nature (Elizabeth Gibney)" is Nature's
        outlets = {_bare(self.kb.titles.get(p[2], "")) for p in publishers} - {""}
        subjects = set(self._named_in(text, lo, hi)) - {p[2] for p in publishers}
        pieces = {entity for entity, kind in self.kb.kinds.items() if kind == "paper"
                  and _bare(self.kb.developers.get(entity, "")) in outlets
                  and any(r.get("comparator_id") in subjects for r in self.kb.official(entity, "event_date"))}
        return pieces.pop() if len(pieces) == 1 else ""

    def _gloss(self, text: str, lo: int, hi: int) -> bool:
        """The brackets text[lo:hi] hold only a name and follow a Latin word with no space: the
        name spells out the word before ("WAIC(世界人工智能大会)", "MoE (Mixture of Experts)" is not)."""
        if lo == 0 or not re.match(r"[A-Za-z0-9]", text[lo - 1]):
            return False
        inner = self._named_spans(lo + 1, hi - 1)
        return len(inner) == 1 and inner[0][0] == lo + 1 and inner[0][1] == hi - 1

    def _named_spans(self, lo: int, hi: int) -> list:
        """The entity spans of the text being linked that lie in [lo, hi)."""
        entities, starts = self._spans
        return [span for span in entities[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)] if span[1] <= hi]

    def _arrival(self, link: Link, named: set[str]) -> bool:
        """The date of the one model or product named, said of what made it famous: its release,
        else its first public event (AlphaGo: the Lee Sedol match). False when not one is named or
        the reference dates neither."""
        if len(named) != 1 or self.kb.kinds.get(entity := next(iter(named))) not in ("model", "product"):
            return False
        if self.kb.official(entity, "release_date"):
            link.metric, link.pinned = "release_date", entity
            return True
        events = sorted(self.kb.official(entity, "event_date"), key=lambda r: r["value"])
        if not events:
            return False
        link.metric, link.pinned = "event_date", entity
        link.benchmark = events[0]["benchmark"]
        link.bench_key = benchmark_key(link.benchmark)
        link.notes.append(f"what made {self.kb.name(entity)} famous read as its first event in the reference, "
                          f"the {link.benchmark}")
        return True

    def _bytes_metric(self, text, m: Mention, link: Link, clause, sentence) -> None:
        """A size in bytes: memory bandwidth, interconnect bandwidth or memory capacity."""
        c_lo, c_hi = clause
        around = text[c_lo:c_hi]
        if m.unit == "TB/s":
            metric = ("memory_bandwidth" if MEMORY.search(around) and not re.search(r"NVLink|互连|互联|link", around, re.I)
                      else "interconnect_bandwidth")
        else:
            metric = "memory_capacity"
        link.metric, link.value, link.unit, link.confidence = metric, _cell(float(m.value)), m.unit, 0.9

    def _price_metric(self, text, m: Mention, link: Link, clause, sentence) -> None:
        """A price: per million tokens (converted from per thousand), its side (input or output), or a training cost."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        written = text[m.start:m.end]  # the figure as written, folded
        usd = USD.search(written)
        currency = "USD" if usd else "CNY"
        near = (max(c_lo, m.start - 40), min(c_hi, m.end + 60))
        per_thousand = PER_THOUSAND.search(written) or PER_THOUSAND.search(text, *near)
        if not (per_thousand or PER_MILLION.search(written) or PER_MILLION.search(text, *near)
                or PER_MILLION.search(text, s_lo, m.start)):  # "... per million input tokens, while o1 charges $15"
            number = _scaled(written, m.value)
            if currency == "USD" and number and number >= 1e5 and TRAIN_COST.search(text, s_lo, s_hi):
                link.metric, link.value, link.unit, link.confidence = "training_cost", _cell(number), "USD", 0.9
                return
            link.review, link.value, link.unit = "a price that is not per million tokens", _number_text(written), currency
            return
        link.value, link.unit = _number_text(written), f"{currency}/Mtok"
        if currency == "USD" and re.search(r"\d\s?cents?\b", written + text[m.end:m.end + 7]) and link.value:
            link.notes.append(f"{link.value} cents is ${float(link.value) / 100:g}")
            link.value = _cell(float(link.value) / 100)
        if isinstance(m.value, (int, float)) and not re.search(r"\d", written):  # 两元: Chinese numerals
            link.value = _cell(float(m.value))
        if not link.value:
            link.review = "a price the parser reads no value in"
            return
        if per_thousand and not PER_MILLION.search(written):
            link.notes.append(f"{link.value} {currency} per thousand tokens is {float(link.value) * 1000:g} per million")
            link.value = _cell(float(link.value) * 1000)
        side_in = INPUT.search(written) and "price_input" or OUTPUT.search(written) and "price_output"
        own_unit = OWN_PRICE_UNIT.match(text, m.end)  # "$8 per 1 million output tokens": its own words
        if not side_in and own_unit:
            side_in = INPUT.search(own_unit.group(0)) and "price_input" or OUTPUT.search(own_unit.group(0)) and "price_output"
        if not side_in:  # "$2.00 in / $8.00 out", "$0.15/M in · $0.75/M out": the directory pages' short form
            short = IN_OUT_AFTER.match(text, m.end)
            side_in = short and ("price_input" if short.group("side").lower() == "in" else "price_output")
        paired = PAIRED_SIDES.search(text, m.end, c_hi)
        if not side_in and paired:  # "$3 / $15 per million input/output tokens"
            side_in = "price_output" if re.search(r"/\s*$", text[max(c_lo, m.start - 4):m.start]) else "price_input"
        slash_pair = not side_in and not paired and (
            re.match(r"\s*/\s*(?:US)?[$¥￥]?\s?\d", text[m.end:m.end + 8]) and "price_input"
            or re.search(r"\d\s*/\s*(?:US)?[$¥￥]?\s?$", text[max(c_lo, m.start - 8):m.start]) and "price_output")
        if slash_pair:
            # "$0.55/$2.19 per million tokens": input, then output, by the pricing pages' convention (not its words)
            link.metric, link.confidence = slash_pair, 0.9
            return
        if not side_in:
            d_in, d_out = _before(INPUT, text, c_lo, m.start), _before(OUTPUT, text, c_lo, m.start)
            if d_in is None and d_out is None:  # "priced at $X per million input tokens" after the figure
                after = text[m.end:c_hi][:40]
                side_in = INPUT.search(after) and "price_input" or OUTPUT.search(after) and "price_output"
            if not side_in and d_in is None and d_out is None:  # "On output, R1 costs $2.19": said for the sentence
                d_in, d_out = _before(INPUT, text, s_lo, m.start), _before(OUTPUT, text, s_lo, m.start)
            if not side_in and (d_in is not None or d_out is not None):
                side_in = "price_input" if d_out is None or (d_in is not None and d_in < d_out) else "price_output"
        # a price without its side is judged against both sides (conflated when it is one of them),
        # so the missing side is no guess to discount the link for
        link.metric, link.confidence = side_in or "api_price", 1.0

    def _table_score(self, text, m: Mention, link: Link, clause, sentence, bench_hint: str) -> bool:
        """A number in a table row or column named by its benchmark, read as that benchmark's score."""
        written = text[m.start:m.end]
        number = _percent_text(written, m.value) if m.kind == "percent" else _cell(float(m.value))
        if 0 < float(number) <= 100:  # a score in a table row or column named by its benchmark
            link.metric, link.benchmark, link.value, link.unit, link.confidence = "benchmark_score", bench_hint, number, "percent", 1.0
            return True
        return False

    def _percent_metric(self, text, m: Mention, link: Link, clause, sentence, benchmarks) -> None:
        """A percentage: a benchmark score (its benchmark nearest), a score without one, or growth."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        written = text[m.start:m.end]  # the figure as written, folded
        bench = (_nearest_span(benchmarks, m.start, m.end, clause) or _nearest_span(benchmarks, m.start, m.end, sentence)
                 or self._loose_benchmark_before(text, s_lo, m.start))
        number = _percent_text(written, m.value)
        if CHEAPER.match(text, m.end) and isinstance(m.value, (int, float)) and 0 < m.value < 1 \
                and self._price_ratio(text, m, link, 1 - m.value, sentence):
            link.notes.append(f"'{m.text} cheaper' read as {_cell(1 - m.value)} of the other's price")
            link.holds_only = "a saving said in percent, which the official prices put elsewhere"
            # more than 90% cheaper is less than a tenth of the price
            link.qualifier = {"over": "up_to", "up_to": "over"}.get(link.qualifier, link.qualifier)
            return None  # "80% cheaper than o1": a fifth of its price
        if bench:
            link.metric, link.benchmark, link.value, link.unit, link.confidence = "benchmark_score", bench, number, "percent", 1.0
        elif SCORE.search(text, c_lo, c_hi):
            link.metric, link.value, link.unit = "benchmark_score", number, "percent"
            link.review = "a score with no benchmark named in its sentence"
        elif GROWTH.search(text, c_lo, c_hi) and isinstance(m.value, (int, float)):
            link.metric, link.value, link.unit, link.confidence = "growth", _cell(float(m.value)), "fraction", 0.9
            # what grew, where the words say it ("参展商数量暴涨了60%": the exhibitors)
            link.benchmark = next((label for label, cue in COUNTED.items() if cue.search(text, s_lo, m.start)), "")
        else:
            link.review, link.value, link.unit = "a percentage with no benchmark or cue word to say what it measures", number, "percent"

    def _multiple_value(self, text, m: Mention, link: Link, clause, sentence) -> None:
        """A multiple ('8x', '20-30x'): its value; what it multiplies is decided once its entity is known."""
        link.metric, link.unit, link.confidence = "_multiple", "x", 1.0
        if isinstance(m.value, (int, float)):
            link.value = _cell(float(m.value))
        elif m.low is not None and m.high is not None:  # "20-30x"
            link.qualifier, link.value_low, link.value_high = "range", _cell(m.low), _cell(m.high)
        else:
            link.metric, link.review = "", "the parser reads no value"

    def _count_metric(self, text, m: Mention, link: Link, clause, sentence, others) -> None:
        """Any other number, by its unit and the words around it: throughput, context, GPU hours,
        GPUs, tokens, parameters, things counted."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        written = text[m.start:m.end]  # the figure as written, folded
        around = text[c_lo:c_hi]
        number = _scaled(written, m.value)
        if number is None:
            link.review = "the parser reads no value"
            return
        if PER_SECOND.search(written) or m.unit == "tokens/s" or (PER_SECOND.search(text, c_lo, m.start) and TOKEN.search(text, m.end, c_hi)):
            link.metric, link.value, link.unit, link.confidence = "throughput", _cell(number), "tokens/s", 1.0
            return
        if PER_CALL.search(around) and (m.unit in ("tokens", None, "count") or BINARY_K.search(written)):
            # "| Long context (100K input) | 100K / 2K |" under "Tokens / call": a request's tokens in a cost example
            link.review = "tokens of one request (a usage or cost example), not a figure of the model"
            link.value, link.unit = _cell(number), "tokens"
            return
        d_context, d_output = _own_cue(CONTEXT, text, c_lo, c_hi, m, others), _own_cue(MAX_OUTPUT, text, c_lo, c_hi, m, others)
        if d_output is not None and (d_context is None or d_output < d_context) and (m.unit in ("tokens", None, "count") or BINARY_K.search(written)):
            # "a 128,000-token context window and a maximum output limit of 96,000 tokens": the nearer cue
            link.metric, link.value, link.unit, link.confidence = "max_output_tokens", _cell(number), "tokens", 1.0
            link.binary_k = bool(BINARY_K.search(written))
            return
        # a context window holds thousands of tokens: "16 experts with a 10 million token context" counts experts
        # (no window holds billions of tokens: "a long-context stage of 840 billion additional tokens" trains)
        if CONTEXT.search(around) and (m.unit in ("tokens", None, "count") or BINARY_K.search(written)) and 1000 <= number < 1e9:
            link.metric, link.value, link.unit, link.confidence = "context_length", _cell(number), "tokens", 1.0
            link.binary_k = bool(BINARY_K.search(written))
            return
        tokens_said = TOKEN.search(written) or TOKEN.match(text, m.end + (text[m.end:m.end + 1] in " -"))
        if BINARY_K.search(written) and tokens_said and CONTEXT_LOOSE.search(around) and not MAX_OUTPUT.search(around) \
                and not BUDGET.search(around):
            # "supporting up to 128K token processing": thousands of tokens a model takes in, said
            # without the word "context" (a thinking budget, "thinks for up to 32K tokens", has no such cue)
            link.metric, link.value, link.unit, link.confidence = "context_length", _cell(number), "tokens", 0.9
            link.binary_k = True
            return
        if POWER.search(written) or POWER.match(text, m.end):  # "15 megawatts", "four megawatts", "4MW"
            link.metric, link.value, link.unit, link.confidence = "power_draw", _cell(number), "MW", 1.0
            return
        if (GPU_HOURS.match(text, m.end) and not re.match(r"\s?GPUs?\b", text[m.end:m.end + 5])) or \
                (GPU_HOURS_SAID.search(text, c_lo, m.start) and number >= 1e4):
            # (a table row "| GPU Hours | 2.788M H800 |": the label says hours, the H800 is the kind of GPU)
            link.metric, link.value, link.unit, link.confidence = "gpu_hours", _cell(number), "GPU-hours", 1.0
            return
        if m.unit == "GPUs":
            link.metric, link.value, link.unit, link.confidence = "gpu_count", _cell(number), "GPUs", 1.0
            return
        # "128,000 个 token": a classifier may stand between the number and its unit
        after = m.end + len(re.match(r"\s?个?\s?", text[m.end:m.end + 3]).group())
        said_tokens = m.unit == "tokens" or TOKEN.search(written) or TOKEN.match(text, after) or (
            number >= 1e10 and re.match(r"\s(?:[a-z-]+\s){1,2}tokens?\b", text[m.end:m.end + 40]))  # "840 billion additional tokens"
        if said_tokens and PARAMS.search(around) and PER_TOKEN.search(around):
            said_tokens = False  # "active parameters per token: 37 billion" counts parameters, not tokens
        if MAX_OUTPUT.search(around) and (said_tokens or m.unit in (None, "count")):
            link.metric, link.value, link.unit, link.confidence = "max_output_tokens", _cell(number), "tokens", 1.0
            return
        if said_tokens and number >= 1e10 and USAGE.search(around) and not TRAIN_DATA.search(around):
            link.review = "tokens a service handles (calls, a day), not what a model was trained on"
            link.value, link.unit = _cell(number), "tokens"
            return
        if said_tokens and number >= 1e10:  # trillions of tokens: what it was trained on, never parameters
            link.metric, link.value, link.unit, link.confidence = "training_tokens", _cell(number), "tokens", 1.0
            if not TRAIN_DATA.search(text, s_lo, s_hi):
                link.confidence = 0.8
            return
        scaled = re.search(r"\d\s?[BT](?![A-Za-z])|billion|trillion|亿|億", written, re.I)
        if m.unit == "parameters" or (scaled and (PARAMS.search(around) or ACTIVE.search(around) or TOTAL.search(around))):
            d_active = _own_cue(ACTIVE, text, c_lo, c_hi, m, others)
            d_total = _own_cue(TOTAL, text, c_lo, c_hi, m, others)
            if d_active is None and d_total is None and re.match(
                    r"\s*(?:per[- ]token|for each token|(?:per|for each) forward pass|每个?(?:token|词元))", text[m.end:m.end + 24], re.I):
                d_active = 0  # "32 billion parameters per token": the parameters each token uses are the active ones
            active = d_active is not None and (d_total is None or d_active < d_total)
            link.metric = "params_active" if active else "params_total"
            link.value, link.unit = _cell(number), "parameters"
            link.confidence = 1.0 if (d_active is not None or d_total is not None) else 0.9
            if d_active is None and d_total is None:
                link.notes.append("no 'total' or 'active' said: read as total parameters")
            return
        # "2080亿个电晶体", "72 cores", "119 languages": the thing counted, before the next number
        upto = min([o[0] for o in others if o[0] >= m.end] + [c_hi, m.end + 30])
        for cue, metric in ((TRANSISTOR, "transistor_count"), (CORES, "cpu_cores"), (LANGUAGES, "language_count")):
            if cue.search(text, m.end, upto):
                link.metric, link.value, link.unit, link.confidence = metric, _cell(number), "count", 0.9
                return
        link.review = "no unit or cue word says what the figure measures"
        link.value, link.unit = _cell(number), m.unit or ""

    def _price_ratio(self, text, m: Mention, link: Link, ratio: float, sentence) -> bool:
        """One model's price as a share of another's: "Kimi K2的API价格仅为Claude Sonnet 4的五分之一"
        (the other named just before the figure), "priced at one fifth of Claude Sonnet 4's", "80%
        cheaper than o1" (just after it); the entity is the other name before it. Both need
        official prices; False when the words are not of this form."""
        s_lo, s_hi = sentence
        if not PRICE_WORD.search(text, s_lo, s_hi):
            return False
        entities, starts = self._spans
        here = entities[bisect.bisect_left(starts, s_lo):bisect.bisect_left(starts, s_hi)]
        before = [e for e in here if e[1] <= m.start]
        after = [e for e in here if e[0] >= m.end]
        right_before = before[-1] if before and RATIO_OF_BEFORE.fullmatch(text, before[-1][1], m.start) else None
        right_after = after[0] if after and RATIO_OF_AFTER.fullmatch(text, m.end, after[0][0]) else None
        comparator = right_before or right_after
        if not comparator:
            return False
        subjects = [e for e in before if e is not comparator and e[2] != comparator[2]]
        if not subjects:
            return False
        entity = subjects[-1][2]
        link.metric, link.value, link.unit = "price_ratio", _cell(ratio), "ratio"
        link.confidence = 1.0
        priced = [e for e in (entity, comparator[2]) if self.kb.fits(e, "price_input") or self.kb.fits(e, "price_output")]
        if len(priced) < 2:
            link.review = "a price ratio whose models do not both have official prices"
        link.pinned, link.comparator = entity, comparator[2]
        return True

    def _rank_metric(self, text, m: Mention, link: Link, clause, sentence) -> None:
        """A place on a chart or leaderboard ("topped the test sets", "topping the US App Store",
        第一名): the chart the clause names (an app store ranks apps: the app of the model's maker);
        a chart in general words ("the test sets") is judged only where it holds."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        if not isinstance(m.value, (int, float)):
            link.review = "the parser reads no value"
            return
        link.metric, link.value, link.unit, link.confidence = "ranking", _cell(m.value), "rank", 1.0
        app = APP_STORE.search(text, c_lo, c_hi)
        benches = [key for s_, e_, key in self.kb.benchmark_spans(text[c_lo:c_hi])]
        if app:
            link.benchmark = "App Store"
        elif benches:
            link.benchmark = self.kb.benchmarks.get(benches[0], benches[0])
        elif GENERIC_CHART.search(text, c_lo, c_hi):
            link.holds_only = "a place on charts the article does not name"
        else:
            link.metric, link.review = "", "a place with no chart, leaderboard or benchmark named"
            return
        if text[c_lo:m.start].strip() == "" and c_lo > s_lo:
            # "DeepSeek-R1 in January 2025 focused on ..., topping the US App Store": a phrase after a
            # comma that opens with the figure is about the sentence's subject, the name it opens with
            entities, starts = self._spans
            i = bisect.bisect_left(starts, s_lo)
            if i < len(entities) and entities[i][1] <= s_hi and not text[s_lo:entities[i][0]].strip():
                link.pinned = entities[i][2]
        if app:
            maker = self.kb.developers.get(link.pinned, "") if link.pinned else ""
            apps = [e for e, kind in self.kb.kinds.items() if kind == "product" and maker and self.kb.developers.get(e) == maker
                    and self.kb.fits(e, "ranking")]
            if link.pinned and self.kb.kinds.get(link.pinned) == "model" and len(apps) == 1:
                link.notes.append(f"an app store ranks apps: {self.kb.name(apps[0])}, not the model")
                link.pinned = apps[0]

    def _loose_benchmark_before(self, text, lo: int, pos: int) -> str:
        """A benchmark written loosely just before the figure ("SWE-bench 70.3%", "AIME25: 81.5")."""
        words = re.findall(r"[A-Za-z][A-Za-z0-9'-]{2,}(?:[ -](?:Verified|Diamond|Pro|Hard|Bench))?", text[lo:pos])
        for word in reversed(words):
            key = self.kb.benchmark_in(word) or (BENCHMARK_SYNONYMS.get(benchmark_key(word)) and benchmark_key(word))
            if key:
                return key
        return ""

    def _named_in(self, text: str, lo: int, hi: int) -> list[str]:
        """The entities named in text[lo:hi], from the spans of the text being linked."""
        return [e for _s, _e, e in self._named_spans(lo, hi)]

    @staticmethod
    def _release_dated(text: str, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] says a release happened then: a release verb, not one in "after its release"
        ("《自然》发表文章称,Kimi K2发布后引发轰动": mid-July is the article's date, the release came before)."""
        for r in RELEASE.finditer(text, lo, hi):
            after = re.match(r"\s*(?:后|之后|以后|以来)", text[r.end():r.end() + 4])
            before = re.search(r"\b(?:after|since|following|post)\s+(?:its|the|their|\w+'s)?\s*$", text[max(lo, r.start() - 24):r.start()], re.I)
            if not (after or before):
                return True
        return False

    def _paragraph_events(self, text: str, s_lo: int, s_hi: int) -> set[str]:
        """The events named in the paragraph of the sentence text[s_lo:s_hi], after it."""
        end = text.find("\n", s_hi)
        return {e for e in self._named_in(text, s_hi, len(text) if end < 0 else end) if self.kb.kinds.get(e) == "event"}

    def _release_list_after(self, text, m: Mention, clause, sentence) -> list[str]:
        """The models of "DATE, with the debut of A, B, and C" (随着A、B的发布): a date that ends its
        clause, the next clause a release said as a noun and the list of what was released; [] else."""
        c_lo, c_hi = clause
        if text[m.end:c_hi].strip() or c_hi >= sentence[1]:
            return []
        start = c_hi + 1
        opener = RELEASE_OF.match(text, start)
        if not opener:
            return []
        entities, starts = self._spans
        at, listed = opener.end(), []
        for s_, e_, entity in entities[bisect.bisect_left(starts, at):bisect.bisect_left(starts, sentence[1])]:
            if s_ != at:
                break
            listed.append(entity)
            joined = LIST_JOIN.match(text, e_)
            at = joined.end() if joined else e_
            if not joined:
                break
        if opener.group("cn") and not RELEASE_OF_CN_END.match(text, at):
            return []
        return list(dict.fromkeys(listed))

    def _released_name(self, text, lo: int, hi: int) -> str:
        """The entity a release verb stands right before ("刚发布的Grok4", "the newly released o3"), the
        only one in text[lo:hi]; '' when none or several."""
        entities, starts = self._spans
        named = {e for s_, _e, e in entities[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
                 if RELEASED_NAME.search(text, max(lo, s_ - 40), s_)}
        return named.pop() if len(named) == 1 else ""

    def _release_by_its_form(self, text, m: Mention, link: Link, clause, sentence) -> bool:
        """A release date by the form it is written in: "DeepSeek-R1 in January 2025" (a model's
        name right before "in DATE"); "o1 (September 2024)" (a date in brackets right after a
        model's name); "Comparison at Release (February 2025)" (in brackets after a release word)."""
        before = text[sentence[0]:m.start]
        value = m.value
        in_date = re.search(r"(?:\s(?:series|model))?\s+in\s+$", before)
        if in_date and not re.search(r"[(（]\s*$", before):
            head = before[:in_date.start()]
            spans = self.kb.entity_spans(head[-60:])
            # "R1 vs o3 in 2026", "V3 and R1 in 2025": the date scopes over the comparison or the list
            paired = len(spans) > 1 and re.fullmatch(r"\s*(?:vs\.?|versus|v\.|and|or|&|/|,|、|和|与|对比)\s*(?:\w+\s)?",
                                                        head[-60:][spans[-2][1]:spans[-1][0]], re.I)
            # a model or a product (ChatGPT) is released; a company, a chip, an event "in 2024" is not
            if spans and spans[-1][1] == len(head[-60:]) and self.kb.kinds.get(spans[-1][2]) in ("model", "product") \
                    and not paired:
                link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 0.85
                link.pinned = spans[-1][2]
                return True
            return False
        if not re.search(r"[(（]\s*$", before) or not re.match(r"\s*[)）]", text[m.end:m.end + 3]):
            return False
        head = before.rstrip()[:-1].rstrip()
        for _s, e, entity in self.kb.entity_spans(head[-60:]):
            if e == len(head[-60:]):
                link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 0.95
                link.pinned = entity
                return True
        if RELEASE.search(head[-40:]):
            link.metric, link.value, link.unit, link.confidence = "release_date", value, "date", 0.9
            return True
        return False

    def _multiple_metric(self, text, link: Link, clause, sentence, others=()) -> None:
        """A multiple: NVIDIA's hardware multipliers (by workload) or a model's speed-up; `others`
        are the sentence's other multiples, whose own workload words are not this one's."""
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        if self.kb.fits(link.entity_id, "hardware_multiplier"):
            labels = self.kb.labels(link.entity_id, "hardware_multiplier")

            workloads = [(COST, lambda b: COST.search(b)), (TRAINING, lambda b: TRAINING.search(b)),
                         (INFERENCE, lambda b: INFERENCE.search(b) and not COST.search(b))]
            wanted = []
            # "20-30x training and inference": one figure for two workloads, in its own clause
            named = [cue for cue in (TRAINING, INFERENCE) if cue.search(text, c_lo, c_hi)]
            for outside, (lo, hi) in enumerate(((c_lo, c_hi), (s_lo, s_hi))):  # the figure's own clause decides first
                # the workload word nearest the figure, unless nearer another multiple ("four times the
                # training speed and seven times the performance on a GPT-3 benchmark": training is 4x's)
                rivals = [o for o in others if lo <= o[0] and o[1] <= hi]  # the other multiples of this span
                near = [(d, n, fits) for n, (cue, fits) in enumerate(workloads)
                        if (d := _own_cue(cue, text, lo, hi, link.mention, rivals)) is not None]
                if near and not wanted:
                    wanted = [b for b in labels if min(near)[2](b)]
                    if outside:  # a workload named outside the figure's clause: enough to hold, not to be wrong
                        link.notes.append("its workload named outside the figure's clause")
                        link.confidence = round(link.confidence * 0.8, 2)
            link.metric = "hardware_multiplier"
            said_of = {b for cue, fits in workloads[1:] if cue in named for b in labels if fits(b)}
            values = {r["value"] for r in self.kb.official(link.entity_id, "hardware_multiplier") if r["benchmark"] in said_of}
            if len(named) > 1 and len(values) > 1:  # workloads the maker gives apart: judged on each (check)
                link.said_of = sorted(said_of)
                link.benchmark = "; ".join(link.said_of)
            elif wanted:
                link.benchmark = wanted[0]
            else:
                link.review = "a multiple with no workload (training, inference, cost) named"
            return
        if FASTER.search(text, s_lo, s_hi):
            link.metric = "speedup"
            return
        link.metric = ""
        link.review = "a multiple with no cue word saying what it multiplies"

    def _entity(self, text, layout, m: Mention, link: Link, entities, starts, clause, sentence, fit, look_back=True) -> None:
        c_lo, c_hi = clause
        s_lo, s_hi = sentence
        if link.pinned:
            link.entity_id, link.place = link.pinned, "clause_before"
            link.confidence = round(PLACE_CONFIDENCE["clause_before"] * (link.confidence or 1.0), 2)
            return
        lo = bisect.bisect_left(starts, s_lo)
        hi = bisect.bisect_left(starts, s_hi)
        here = entities[lo:hi]

        def dist(span):
            return m.start - span[1] if span[1] <= m.start else span[0] - m.end

        def compared(span):  # "70.3% exceeded OpenAI o1": o1 is what the figure is compared with
            return span[0] >= m.end and COMPARED_WITH.search(text, m.end, span[0]) is not None

        def gpu_type(span):  # "50k H100", "2048 H800 GPUs": the kind of GPU counted, not who has them
            return link.metric == "gpu_count" and 0 <= span[0] - m.end <= 3 and self.kb.kinds.get(span[2]) == "hardware"

        here = [e for e in here if not gpu_type(e)]
        # "它支持40万token的上下文(不是 GPT-4.1 的 100 万个),最多可输出 12.8 万": a name in an aside in
        # brackets is the subject of nothing outside them
        # ("WAIC(世界人工智能大会)" is no aside: a name in brackets right after a word glosses that word)
        asides = [(b.start(), b.end()) for b in re.finditer(r"[(（][^()（）]*[)）]", text[s_lo:s_hi])
                  if not self._gloss(text, s_lo + b.start(), s_lo + b.end())]
        # and between a pair of dashes: "the 400k window — four times GPT-4o's 128k — paired with a 128k output limit"
        asides += [(b.start(), b.end()) for b in re.finditer(r"\s[—–]\s[^—–\n]{1,80}?\s[—–]\s|—[^—\n]{1,80}?—", text[s_lo:s_hi])]
        here = [e for e in here if not any(s_lo + a <= e[0] and e[1] <= s_lo + b and not (s_lo + a <= m.start < s_lo + b)
                                           for a, b in asides)]

        here = [e for e in here if not compared(e)]
        # "The model extends its predecessor DeepSeek V3's 64K window": the predecessor is no subject
        # (unless the figure is the predecessor's own: "its predecessor DeepSeek V3's 64K")
        here = [e for e in here if not PREDECESSOR.search(text[max(s_lo, e[0] - 24):e[0]])
                or re.fullmatch(r"\s?['’]s\s*", text[e[1]:m.start])]
        groups = [
            ("clause_before", sorted((e for e in here if c_lo <= e[0] and e[1] <= m.start), key=dist)),
            ("clause_after", sorted((e for e in here if e[0] >= m.end and e[1] <= c_hi), key=dist)),
        ]
        # "its", "the model" in the figure's clause; or a sentence that names no entity and opens with
        # one ("This paper ..., while also bringing up to 11 times inference acceleration")
        head = re.match(r"\s*", text[s_lo:m.start]).end() + s_lo  # the sentence's first word
        anaphor = look_back and not groups[0][1] and (ANAPHOR.search(text, c_lo, m.start) or
                                                        (not here and ANAPHOR.match(text, head)))
        previous = []
        p_lo, p_hi = layout.sentence(s_lo - 1) if s_lo > 0 and look_back else (0, 0)
        # a paragraph's first sentence: the sentence before is the last of the paragraph above
        # (blank lines and a line that is only a link are no sentences)
        while p_lo > 0 and _no_sentence(text[p_lo:p_hi]):
            p_lo, p_hi = layout.sentence(p_lo - 1)
        if p_hi > p_lo:
            previous = entities[bisect.bisect_left(starts, p_lo):bisect.bisect_left(starts, p_hi)]
        if anaphor:
            # "It ... Its ...": the subject of the nearest sentence before that names one, first named first
            back, named = 1, previous
            while not named and back < 3 and p_lo > 0:
                p_lo, p_hi = layout.sentence(p_lo - 1)
                named = entities[bisect.bisect_left(starts, p_lo):bisect.bisect_left(starts, p_hi)]
                back += 0 if _no_sentence(text[p_lo:p_hi]) else 1
            groups.append(("anaphor", named))
        groups.append(("sentence_before", sorted((e for e in here if e[1] <= m.start and e[0] < c_lo), key=dist)))
        # entities in later clauses are mostly the subjects of their own figures ("X costs $1, while
        # Y charges $2"): a fitting one in the sentence before comes first
        if here:
            # "Blackwell clusters ran into problems. ... computing power, represented by NVIDIA, ... the
            # promise of 20-30x": a sentence that names only the maker speaks of its product named before
            makers = {self.kb.name(e) for _, _, e in here if self.kb.kinds.get(e) == "company"}
            made = [e for e in reversed(previous) if fit(e[2]) and self.kb.developers.get(e[2]) in makers]
            if made and len(makers) == len({e for _, _, e in here}) and len({e for _, _, e in made}) == 1:
                groups.append(("makers_product", made))
            groups.append(("previous_sentence", [e for e in reversed(previous) if fit(e[2])]))
        groups.append(("sentence_after", sorted((e for e in here if e[0] >= c_hi), key=dist)))
        nearest_any = None
        for place, group in groups:
            for span in group:
                nearest_any = nearest_any or (place, span[2])
                if fit(span[2]):
                    link.entity_id, link.place = span[2], place
                    link.confidence = round(PLACE_CONFIDENCE[place] * (link.confidence or 1.0), 2)
                    return
        if nearest_any:  # named in the sentence but without an official figure of this kind
            link.entity_id = nearest_any[1]
            link.confidence = round(PLACE_CONFIDENCE[nearest_any[0]] * 0.8 * (link.confidence or 1.0), 2)
            return
        fitting = list(dict.fromkeys(e for _, _, e in reversed(previous) if fit(e)))
        models_before = list(dict.fromkeys(e for _, _, e in previous if self.kb.kinds.get(e) != "company"))
        if len(models_before) > 1 and len(fitting) == 1:
            # "V3.1-Terminus 与 V3.2-Exp 对比" then "支持128K": two models named, which one is not said,
            # even where only one of them has an official figure to compare with
            link.review = link.review or f"ambiguous: the sentence before names {', '.join(sorted(models_before))}"
        elif len(fitting) == 1 or (fitting and len(set(e for _, _, e in previous)) == 1):
            link.entity_id = fitting[0]
            link.confidence = round(PLACE_CONFIDENCE["previous_sentence"] * (link.confidence or 1.0), 2)
        elif len(fitting) > 1:
            link.review = link.review or f"ambiguous: the sentence names no entity and the one before names {', '.join(fitting)}"
        elif models_before:
            # "V3.2-Exp在长上下文处理方面表现出色。华为云...最大可支持160K": the model named just before is the
            # subject; that it has no official figure does not make the heading's model the subject
            link.review = link.review or (f"the sentence before names {', '.join(models_before)}, which has no official "
                                          f"{link.metric} in the reference")
        elif previous:
            link.review = link.review or ("the sentence names no entity, and none named in the sentence before "
                                          f"({', '.join(dict.fromkeys(e for _, _, e in previous))}) has an official {link.metric}")
        else:
            link.review = link.review or "no entity named in this sentence or the one before"


def _bare(name: str) -> str:
    """A name without what its brackets add: "Nature (journal)" and "Nature (Elizabeth Gibney)" are Nature."""
    return re.sub(r"\s*\(.*$", "", name).strip()


def _priced_by_platform(link: Link, platform: str) -> None:
    """A price a reseller states is its own, not the maker's list price: it needs review."""
    if link.metric in ("price_input", "price_output", "api_price"):
        link.review = link.review or f"a price on a third-party {platform}, not the maker's own list price"


def _alternation(names: set[str], after: str) -> re.Pattern | None:
    """One pattern of whole names, longest first (ties in a fixed order: sets change order with the
    hash seed), with `after` as its right edge; None for no names."""
    if not names:
        return None
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, ordered))}){after}")


def _page_platform(text: str) -> str:
    """The platform a page says it is, or whose API it shows ("curl https://chat.example.com/api/v1/chat/
    completions"): its prices are the platform's. A maker's own API and a local server are none."""
    said = PAGE_PLATFORM.search(text)
    if said:
        return said.group("platform").strip()
    for hit in API_ENDPOINT.finditer(text):
        host = hit.group("host").lower()
        if not any(host == h or host.endswith("." + h) for h in MAKER_API_HOSTS):
            return host
    return ""


def _no_sentence(span: str) -> bool:
    """A blank line, or a line that is only a link: no sentence to count or to look back to."""
    return re.fullmatch(r"\s*(?:https?://\S+)?\s*", span) is not None


def _neutral(words: str) -> str:
    """A row label or header as words of the figure's own clause: no clause marks in it."""
    return re.sub(r"\s+", " ", _CLAUSE_SEP.sub(" ", words.replace("|", " "))).strip()


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _nearest_span(spans, start, end, bounds) -> str:
    """The key of the span (sorted by start) inside bounds nearest to [start, end), or ''."""
    lo, hi = bounds
    best = None
    first = bisect.bisect_left(spans, (lo, -1, ""))
    for s, e, key in spans[first:bisect.bisect_left(spans, (hi, -1, ""), first)]:
        if s >= lo and e <= hi:
            d = start - e if e <= start else s - end
            if best is None or d < best[0]:
                best = (d, key)
    return best[1] if best else ""


def _percent_text(written: str, value) -> str:
    """'79.8%' -> '79.8' (the digits as written, so significant digits survive)."""
    digits = _number_text(written)
    if digits and re.search(r"[%％]|percent", written):
        return digits
    return _cell(float(value) * 100) if isinstance(value, (int, float)) else digits


def _scaled(written: str, value) -> float | None:
    """The figure's number (parse_figure reads "37 billion" as 3.7e10), or None."""
    return float(value) if isinstance(value, (int, float)) else None
