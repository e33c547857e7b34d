#!/usr/bin/env python3
"""Generates the benchmark article template and its bindings.

Writes, next to this file:
  article_template.txt   ~20 KB SEO article in tier-1 spintax (groups, nesting to depth 3, variables)
  article_bindings.json  60 binding rows for the ~130 variables the template references

Deterministic: a fixed-seed random.Random drives every choice, and the output depends on nothing
else (no clock, no environment, no dictionary-order surprises), so re-running it reproduces the
committed files byte for byte. `--check` verifies that instead of writing.

The shape targets issue 4: ~1,500 rendered words, ~750 groups, nesting depth 3, ~130 distinct
variables, HTML structure (<h2>, <p>, <ul><li>) and no tier-2 syntax (no weights, permutations,
conditionals, comments or verbatim blocks). Groups never span a blank line, optional words are
written `word{ extra|} word` so no alternative's space doubles a text space, and no group repeats
an alternative, so a lint of the article is clean apart from what the engine adds.
"""

import json
import math
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20251125
TARGET_GROUPS = 750

# ---------------------------------------------------------------------------------------------
# Synonym banks: `~name` in a frame becomes a group of 2-4 of these, chosen by the seeded RNG.
# Alternatives hold no markup, so a word group never nests further.
BANKS = {
    "best": ["best", "top", "leading", "most trusted", "highest-rated", "top-rated"],
    "good": ["good", "solid", "smart", "sound", "sensible"],
    "great": ["great", "excellent", "outstanding", "first-class", "superb"],
    "choose": ["choose", "pick", "select", "go with", "hire"],
    "find": ["find", "discover", "learn", "see"],
    "help": ["help", "assist", "support", "guide"],
    "get": ["get", "receive", "obtain", "secure"],
    "save": ["save", "cut", "trim", "reduce"],
    "cost": ["cost", "price", "price tag", "investment"],
    "costs": ["costs", "prices", "rates", "quotes"],
    "company": ["company", "contractor", "installer", "provider", "team"],
    "companies": ["companies", "contractors", "installers", "providers", "pros"],
    "homeowners": ["homeowners", "property owners", "residents", "households", "families"],
    "home": ["home", "house", "property", "residence"],
    "quickly": ["quickly", "fast", "promptly", "without delay"],
    "important": ["important", "essential", "critical", "key", "vital"],
    "many": ["many", "most", "plenty of", "a lot of"],
    "also": ["also", "additionally", "in addition", "on top of that"],
    "however": ["However", "That said", "Still", "Even so"],
    "because": ["because", "since", "as"],
    "typically": ["typically", "usually", "generally", "in most cases"],
    "experienced": ["experienced", "seasoned", "skilled", "qualified", "trained"],
    "reliable": ["reliable", "dependable", "trustworthy", "proven"],
    "affordable": ["affordable", "budget-friendly", "reasonably priced", "cost-effective"],
    "quality": ["quality", "high-quality", "premium", "well-built"],
    "system": ["system", "setup", "installation", "array"],
    "job": ["job", "project", "install", "work"],
    "check": ["check", "verify", "confirm", "review"],
    "ask": ["ask", "inquire", "find out"],
    "compare": ["compare", "weigh", "evaluate", "review"],
    "offer": ["offer", "provide", "include", "give you"],
    "local": ["local", "nearby", "area", "hometown"],
    "today": ["today", "now", "right away", "this week"],
    "start": ["start", "begin", "kick off"],
    "simple": ["simple", "easy", "straightforward", "painless"],
    "guide": ["guide", "overview", "breakdown", "walkthrough"],
    "tips": ["tips", "pointers", "recommendations", "suggestions"],
    "questions": ["questions", "FAQs", "common questions"],
    "review": ["review", "rating", "testimonial"],
    "reviews": ["reviews", "ratings", "testimonials", "customer feedback"],
    "fast": ["fast", "quick", "speedy", "rapid"],
    "free": ["free", "no-cost", "no-obligation", "complimentary"],
    "quote": ["quote", "price quote", "bid", "written quote"],
    "year": ["year", "twelve months", "calendar year"],
    "benefit": ["benefit", "advantage", "upside", "perk"],
    "benefits": ["benefits", "advantages", "upsides", "perks"],
    "problem": ["problem", "issue", "concern", "headache"],
    "problems": ["problems", "issues", "concerns", "headaches"],
    "warranty": ["warranty", "guarantee", "coverage"],
    "energy": ["energy", "power", "electricity"],
    "bills": ["bills", "utility bills", "monthly bills", "power bills"],
    "easily": ["easily", "readily", "comfortably", "without trouble"],
    "carefully": ["carefully", "closely", "thoroughly"],
    "honest": ["honest", "transparent", "upfront", "straightforward"],
    "process": ["process", "procedure", "timeline", "workflow"],
    "licensed": ["licensed", "certified", "accredited", "bonded"],
    "expert": ["specialist", "professional", "pro", "technician"],
    "experts": ["experts", "specialists", "professionals", "technicians"],
    "value": ["value", "return", "payoff"],
    "worth": ["worth it", "a good investment", "money well spent"],
    "upfront": ["upfront", "initial", "up-front"],
    "monthly": ["monthly", "month-to-month", "recurring"],
    "options": ["options", "choices", "alternatives", "plans"],
    "financing": ["financing", "payment plans", "loans", "leases"],
    "neighbors": ["neighbors", "nearby homeowners", "local families"],
    "roof": ["roof", "rooftop", "roofline"],
    "sun": ["sun", "sunshine", "sunlight"],
    "panels": ["panels", "modules", "solar panels"],
    "install": ["install", "set up", "put in", "fit"],
    "installed": ["installed", "set up", "put in", "completed"],
    "clear": ["clear", "plain", "simple"],
    "right": ["right", "ideal", "best-fit", "perfect"],
    "long": ["long", "extended", "lengthy"],
    "recent": ["recent", "latest", "current", "up-to-date"],
    "area": ["area", "region", "market", "community"],
    "popular": ["popular", "common", "widespread", "in demand"],
    "decision": ["decision", "choice", "call"],
    "careful": ["careful", "thoughtful", "deliberate"],
    "contact": ["contact", "call", "reach out to", "get in touch with"],
    "schedule": ["schedule", "book", "arrange", "set up"],
    "visit": ["visit", "consultation", "site visit", "walkthrough"],
    "detailed": ["detailed", "itemized", "line-by-line", "written"],
    "spend": ["spend", "pay", "invest"],
    "expect": ["expect", "plan for", "budget for", "anticipate"],
    "depends": ["depends on", "comes down to", "hinges on", "varies with"],
    "size": ["size", "capacity", "output"],
    "plus": ["plus", "along with", "together with"],
    "overall": ["Overall", "All in all", "In short", "Bottom line"],
    "next": ["next", "following", "subsequent"],
    "first": ["first", "initial", "opening"],
}

# ---------------------------------------------------------------------------------------------
# Variables. Names are canonical spellings; each is referenced at least once (the generator
# appends a fact list for any a frame did not use, then checks).
GEO = ["City", "State", "State_Abbr", "County", "Zip", "Region", "Metro_Area",
       "Neighborhood_1", "Neighborhood_2", "Neighborhood_3", "Neighborhood_4", "Neighborhood_5",
       "Neighborhood_6", "Landmark_1", "Landmark_2", "Landmark_3", "Highway", "Climate",
       "Population", "Median_Home_Value", "Sunny_Days", "Utility_Company", "Utility_Rate",
       "Permit_Office", "Permit_Days", "Net_Metering_Policy", "HOA_Note", "Nearest_City",
       "Area_Code", "Time_Zone"]
NICHE = ["Niche", "Niche_Plural", "Service_1", "Service_2", "Service_3", "Service_4", "Service_5",
         "Service_6", "Product_1", "Product_2", "Product_3", "Product_4", "Price_Low",
         "Price_High", "Avg_Cost", "Avg_Savings", "Payback_Years", "Warranty_Years",
         "Install_Days", "Tax_Credit", "Rebate_Name", "Rebate_Amount", "Financing_Rate",
         "System_Size", "Panel_Brand", "Inverter_Brand", "Battery_Brand", "Battery_Cost",
         "Lifespan_Years", "Efficiency"]
BRAND = ["Brand", "Brand_Phone", "Brand_Email", "Brand_URL", "Brand_Founded", "Brand_License",
         "Brand_Rating", "Brand_Reviews", "Brand_Address", "Brand_Hours", "Owner_Name",
         "Team_Size", "Jobs_Completed", "Certification_1", "Certification_2", "Certification_3",
         "Award_1", "Award_2", "Competitor_1", "Competitor_2", "Competitor_3", "Response_Time",
         "Service_Radius", "Brand_Slogan", "Customer_Name_1", "Customer_Name_2", "Customer_Quote_1",
         "Customer_Quote_2"]
AVATAR = ["Avatar_Name", "Avatar_Pain_1", "Avatar_Pain_2", "Avatar_Pain_3", "Avatar_Goal_1",
          "Avatar_Goal_2", "Avatar_Objection_1", "Avatar_Objection_2", "Avatar_Budget",
          "Avatar_Home_Type", "Avatar_Timeline", "Avatar_Priority"]
CONTENT = ["Year", "Month", "Season", "Author_Name", "Author_Title", "Reviewer_Name",
           "Updated_Date", "Read_Minutes", "CTA_Text", "Offer", "Offer_Deadline", "Guide_Title",
           "Checklist_Item_1", "Checklist_Item_2", "Checklist_Item_3", "Checklist_Item_4",
           "Checklist_Item_5", "Red_Flag_1", "Red_Flag_2", "Red_Flag_3", "Stat_Source",
           "Stat_Value", "Related_Guide_1", "Related_Guide_2", "Related_Guide_3",
           "Cover_Image_Alt", "Meta_Keyword", "Canonical_Slug", "Schema_Type", "Disclaimer"]
VARIABLES = GEO + NICHE + BRAND + AVATAR + CONTENT

# ---------------------------------------------------------------------------------------------
# Frames. `~bank` becomes a word group; literal `{..|..}` are phrase groups (they may contain
# `~bank`, giving depth 2); a frame list used as a sentence group adds the third level.
INTRO = [
    "If you live in {City}, {State}, you have probably {found|noticed|seen} that {~energy ~bills keep climbing|"
    "your {Utility_Company} ~bills are long overdue for a change}.",
    "This ~guide {helps|lets} {Avatar_Name:lower} readers ~compare {Niche:lower} ~companies "
    "{across|throughout} {County} {and the wider {Metro_Area} ~area|with ~clear numbers}.",
    "We {looked at|analyzed|dug into} {Brand_Reviews} ~reviews, {talked to|interviewed} "
    "~local ~experts, and {checked|reviewed|verified} {every|each} ~quote {line by line|for hidden fees}.",
    "{Whether|No matter if} you {own {a|an older} {Avatar_Home_Type}|are {simply|just} curious "
    "about ~costs}, {the numbers below|this page} will {help you make|guide you to} a ~careful ~decision.",
]
WHY = [
    "{City} gets about {Sunny_Days} {sunny|clear|bright} days a ~year, {which makes {Niche:lower} a "
    "~good ~decision|so {Niche:lower} ~panels ~typically pay off} {within|in about} "
    "{Payback_Years} years.",
    "~homeowners in {Neighborhood_1} and {Neighborhood_2} ~typically ~save {Avg_Savings} "
    "{per|a} ~year {on ~energy|once the ~system is ~installed}.",
    "{With|Thanks to} {the {Tax_Credit} federal tax credit|{Rebate_Name} ({Rebate_Amount})}, "
    "the ~upfront ~cost {drops|falls} {sharply|a lot|noticeably}.",
    "{Climate} weather {in {Region}|around {Landmark_1}} {means|makes} {a ~quality ~system|"
    "~reliable equipment} ~important.",
    "{Utility_Company} {charges|bills} around {Utility_Rate} per kWh, {and rates rose again "
    "in {Year}|{plus|and} {Net_Metering_Policy}}.",
    "{Median home values|Homes} in {City} {sit|hover} near {Median_Home_Value}, {and a "
    "~quality ~system {can add|adds} ~value|so resale ~value matters}.",
]
COST = [
    "{Most|Many} {System_Size} {systems|installs|arrays} in {City} ~cost between {Price_Low} and "
    "{Price_High} before incentives.",
    "The {average|typical|median} ~job {runs|comes in at} {Avg_Cost}, {though the final "
    "~cost ~depends your ~roof|but your ~roof and ~energy use {matter|count} too}.",
    "{Adding|Including} a {Battery_Brand} battery {adds|puts on} about {Battery_Cost}, "
    "{which ~many {Avatar_Name:lower} buyers skip|{a ~good|an ~important} ~benefit in "
    "outages}.",
    "~financing {starts|begins} near {Financing_Rate} APR, {so ~monthly payments can be "
    "lower than your ~bills|{and|but} ~check the long-term {terms|fine print}}.",
    "{Ask|Make sure to ask} for a ~detailed ~quote {that lists|listing} {Panel_Brand} "
    "~panels, the {Inverter_Brand} inverter{,|} and labor {separately|on its own line}.",
    "{Watch out|Be wary} {for|of} {Red_Flag_1}, {Red_Flag_2}{,| or} {Red_Flag_3}{ when you "
    "~compare ~costs|}.",
]
PROCESS = [
    "{First|To start}, ~schedule a {free|no-cost} ~visit{ with {Brand}|}; {a ~expert "
    "{measures|inspects} your ~roof|the team {checks|inspects} shading and wiring}.",
    "{Permits|Permit paperwork} {go through|are filed with} {Permit_Office} and {~typically|"
    "usually} take {Permit_Days} days.",
    "{Installation|The ~install itself} {takes|lasts} {about|roughly} {Install_Days} days{, "
    "{weather permitting|depending on the ~sun and crew}|}.",
    "{After|Once} {the inspection|{Utility_Company} approves the ~system}, you {flip the "
    "switch|start producing ~energy} {and ~start saving|right away}.",
    "{Good|~reliable} ~companies {explain|walk you through} each step {in ~clear terms|"
    "{without|with no} jargon}.",
    "{Expect|Plan for} {a ~simple|a ~clear} ~process {from|between} the ~first call "
    "{and|to} the final {inspection|sign-off}.",
]
CHOOSE = [
    "~choose a ~company {that holds|with} {Certification_1} {and {Certification_2}|"
    "certification} {credentials|on record}.",
    "~check {the contractor|their} license ({Brand_License}) {with the state|online} "
    "{before you sign|{up front|first}}.",
    "{Read|Skim} ~recent ~reviews {on Google and Yelp|{from|by} ~neighbors in "
    "{Neighborhood_3}}, {and|then} ~ask for references.",
    "{A|Any} ~reliable ~company {will|should} ~offer a {Warranty_Years}-year ~warranty "
    "{on parts and labor|{that covers|covering} workmanship}.",
    "~compare {Brand} with {Competitor_1}, {Competitor_2} and {Competitor_3} {on ~costs|"
    "{for|on} ~warranty terms} {and|as well as} response time.",
    "{Avoid|Skip} door-to-door {sellers|reps} {who|that} push {Avatar_Objection_1:lower}{ "
    "or pressure you to sign {today|on the spot}|}.",
]
BRAND_P = [
    "{Brand} has served {City} since {Brand_Founded}{, completing {Jobs_Completed} {jobs|projects|installs}|"
    "}.",
    "{The|Its} team of {Team_Size} ~experts {covers|serves} {Service_Radius} {around|from} "
    "{Brand_Address}.",
    "{Owner|Founder} {Owner_Name} {says|notes} {the goal|their focus} is {\"{Avatar_Goal_1}\"|"
    "~honest pricing {and|plus} ~fast service}.",
    "{Brand} {holds|keeps} a {Brand_Rating}-star rating {from {Brand_Reviews} ~reviews|"
    "{across|over} {Brand_Reviews} customers} and {won|earned} {Award_1}.",
    "{Call|Phone} {Brand_Phone} or {email|write to} {Brand_Email}{ {during|within} "
    "{Brand_Hours}|}; {they ~typically reply|replies come} in {Response_Time}.",
]
TESTIMONIAL = [
    "\"{Customer_Quote_1}\" {says|writes} {Customer_Name_1} {of|from} {Neighborhood_4}.",
    "\"{Customer_Quote_2}\" {adds|notes} {Customer_Name_2}, {a {City} {resident|homeowner}|"
    "who lives near {Landmark_2}}.",
]
AVATAR_P = [
    "{If|When} {Avatar_Pain_1:lower} {worries|concerns} you, {ask|inquire} about "
    "{Product_1} {and {Product_2}|{options|plans}}.",
    "{Many|Plenty of} readers {tell us|say} {Avatar_Pain_2:lower} {and|or} "
    "{Avatar_Pain_3:lower} {held them back|{kept|stopped} them from acting}.",
    "{Your|A} budget of {Avatar_Budget} {fits|covers} {a ~simple|an entry-level} {System_Size} "
    "~system {with ~financing|~typically}.",
    "{If|When} your ~first priority is {Avatar_Priority:lower}, {look for|~choose} "
    "{Service_1:lower} {plus|and} {Service_2:lower}.",
    "{Planning|Hoping} to ~install {within {Avatar_Timeline}|before {Season}}? "
    "{Start|Begin} {the ~process|with a ~quote} ~today.",
    "{A common|One frequent} objection is {\"{Avatar_Objection_2}\"|{Avatar_Objection_2:lower}}"
    ", {which a ~good ~company answers {with data|honestly}|and ~honest numbers settle it}.",
]
SERVICES_LI = [
    "{Service_3} {for|in} {Neighborhood_5} {and nearby|{homes|streets}}",
    "{Service_4} with {a|an} {Warranty_Years}-year ~warranty",
    "{Service_5} {and|plus} {Service_6:lower}",
    "{Product_3} {and|or} {Product_4} {upgrades|packages}",
    "{Battery_Brand} battery {backup|storage} {for|during} outages",
    "{Panel_Brand} ~panels {rated|at} {Efficiency} efficiency",
    "~fast {quotes|estimates|bids} {for|across} {Zip} {and|plus} the {Area_Code} ~area",
]
CHECKLIST_LI = [
    "{Checklist_Item_1}{ before the ~visit|}",
    "{Checklist_Item_2}",
    "{Checklist_Item_3}{ {with|from} {Utility_Company}|}",
    "{Checklist_Item_4}",
    "{Checklist_Item_5}{ ~carefully|}",
]
FAQ = [
    ("How much {does|do} {Niche:lower} ~panels cost in {City}?",
     "{Most|Many} ~homeowners ~spend {Price_Low} to {Price_High}; {the average|a typical} "
     "~job is {Avg_Cost} {before|prior to} the {Tax_Credit} credit."),
    ("How long {does|will} {installation|the install|the job} take?",
     "{About|Roughly} {Install_Days} days on site, {plus|and} {Permit_Days} days for permits "
     "{through|at} {Permit_Office}."),
    ("Is {Niche:lower} ~worth in {State}?",
     "{With|Given} {Sunny_Days} {sunny|clear} days {and|plus} {Utility_Rate} per kWh, "
     "{~many ~homeowners|most buyers} break even in {Payback_Years} years."),
    ("{What|Which} ~warranty should I ~expect?",
     "{Look for|Insist on} {Warranty_Years} years on parts {and|plus} labor; {the ~panels "
     "{themselves|alone} last {Lifespan_Years} years|{Panel_Brand} ~panels last "
     "{Lifespan_Years} years}."),
    ("Do I need HOA approval in {Neighborhood_6}?",
     "{HOA_Note}{ ~check with your board first|}."),
    ("Who {installs|sets up|fits} {Niche:lower} near {Landmark_3}?",
     "{Brand} {serves|covers} {Highway} {and|to} {Nearest_City}{, {with|and} {Time_Zone} "
     "business hours|}."),
]
CLOSING = [
    "~overall, {Niche:lower} in {City} {is|remains} a ~good ~decision for {Avatar_Name:lower} "
    "buyers {who|that} ~compare {~carefully|at least three {quotes|bids|estimates}}.",
    "{Ready|Want} to ~start? {Click|Tap} \"{CTA_Text}\" {and ~get|to ~get} {Offer} "
    "{before|by} {Offer_Deadline}.",
    "{You can also|Also} read {Related_Guide_1}, {Related_Guide_2} {and|or} "
    "{Related_Guide_3}{ next|}.",
]

# Fixed page furniture: article metadata and headings, written out so they read like a real page.
def header(r):
    return [
        "<article data-slug=\"{Canonical_Slug}\" data-type=\"{Schema_Type}\">",
        "<h1>{Guide_Title}: " + words(r, "{~best|The ~best} {Niche} {Companies|~companies} in "
        "{City}, {State_Abbr} ({Year} {Guide|Review|Update})") + "</h1>",
        "<p class=\"byline\">By {Author_Name}, {Author_Title}" + words(r, "{ · {reviewed|fact-checked} by "
        "{Reviewer_Name}|}") + " · Updated {Updated_Date} · {Read_Minutes} min read</p>",
        "<img src=\"/img/{Canonical_Slug}.jpg\" alt=\"{Cover_Image_Alt}\">",
    ]


# ---------------------------------------------------------------------------------------------
def words(r, frame):
    """Replaces each `~bank` by a group of 2-4 distinct, shuffled synonyms from that bank."""
    def repl(m):
        bank = BANKS[m.group(1)]
        n = 2 if r.random() < 0.6 else 3
        pick = r.sample(bank, n)
        if m.start() == 0:  # a sentence that opens with a word group
            pick = [w[0].upper() + w[1:] for w in pick]
        return "{" + "|".join(pick) + "}"
    return re.sub(r"~([a-z]+)", repl, frame)


def nesting(frame):
    """Deepest group nesting of a frame once its `~bank` tokens are word groups."""
    depth = deepest = 0
    for c in re.sub(r"~[a-z]+", "{w}", frame):
        if c == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif c == "}":
            depth -= 1
    return deepest


def sentence(r, pool, used, group_p):
    """One sentence: a frame, or (with probability group_p) a sentence group of 2 frames.

    Only frames nested at most 2 deep go into a sentence group, which keeps the article's
    nesting at exactly 3.
    """
    fresh = [f for f in pool if f not in used] or pool
    shallow = [f for f in pool if nesting(f) <= 2]
    if r.random() < group_p and len(shallow) >= 2:
        picks = r.sample(shallow, 2)
        for p in picks:
            used.add(p)
        return "{" + "|".join(words(r, p) for p in picks) + "}"
    f = r.choice(fresh)
    used.add(f)
    return words(r, f)


def paragraph(r, pool, n, group_p):
    used = set()
    return "<p>" + " ".join(sentence(r, pool, used, group_p) for _ in range(n)) + "</p>"


def headline(r, text):
    return "<h2>" + words(r, text) + "</h2>"


SECTIONS = [
    ("Why {Niche:lower} {makes sense|pays off|is ~popular} in {City}", WHY),
    ("How much {does|do} {Niche:lower} {systems|panels|installs} cost in {City} in {Year}?", COST),
    ("{The|Our} {installation|install} ~process, step by step", PROCESS),
    ("How to ~choose a {Niche:lower} ~company in {County}", CHOOSE),
    ("{Spotlight|Featured ~company}: {Brand}", BRAND_P),
    ("{Advice|~tips} for {Avatar_Name:lower} {buyers|readers}", AVATAR_P),
]


def build(r, paragraphs):
    """The article with paragraphs[j] paragraphs in section j."""
    out = header(r)
    out.append(paragraph(r, INTRO, 4, 0.25))
    for (title, pool), count in zip(SECTIONS, paragraphs):
        out.append(headline(r, title))
        for _ in range(count):
            out.append(paragraph(r, pool, r.randint(3, 5), 0.15))
    out.append(headline(r, "{What|Which} ~companies {Brand|like {Brand}} ~offer"))
    out.append("<ul>" + "".join("<li>" + words(r, li) + "</li>" for li in SERVICES_LI) + "</ul>")
    out.append(headline(r, "{What|Which} {customers|~neighbors} say"))
    out.append("<blockquote>" + " ".join(words(r, t) for t in TESTIMONIAL) + "</blockquote>")
    out.append(headline(r, "Your {pre-~quote|~quote} checklist"))
    out.append("<ul>" + "".join("<li>" + words(r, li) + "</li>" for li in CHECKLIST_LI) + "</ul>")
    out.append(headline(r, "{Frequently asked|Common} questions"))
    for q, a in FAQ:
        out.append("<h3>" + words(r, q) + "</h3>")
        out.append("<p>" + words(r, a) + "</p>")
    out.append(headline(r, "{The bottom line|Final thoughts|Next steps}"))
    out.append(paragraph(r, CLOSING, 3, 0.0))
    out.append("<p class=\"source\">" + words(r, "{Source|Data}: {Stat_Source} ({Stat_Value}, "
               "{Month} {Year}). {Disclaimer}") + " Keyword: {Meta_Keyword}.</p>")
    return out


def add_unused(lines, used_vars):
    """Appends a 'quick facts' list so every variable in VARIABLES is referenced once at least."""
    missing = [v for v in VARIABLES if v not in used_vars]
    if missing:
        lines.insert(len(lines) - 2, "<ul class=\"facts\">" + "".join(
            "<li>" + v.replace("_", " ") + ": {" + v + "}</li>" for v in missing) + "</ul>")
    return lines


# ---------------------------------------------------------------------------------------------
# A small independent checker, so the committed data is known to have the promised shape.
VAR_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?::[a-z_]+)*")


def analyse(src):
    """Returns (groups, max_depth, variable names, variable refs, log10 count, words first path)."""
    groups = 0
    depth = 0
    max_depth = 0
    names = []
    refs = 0
    i = 0
    n = len(src)
    # count: a stack of frames; each frame holds (list of alternative counts, current product)
    stack = [[[], 0.0]]
    text_first = []
    first_stack = [True]
    while i < n:
        c = src[i]
        if c == "{":
            j = src.find("}", i)
            inner = src[i + 1:j]
            if "{" not in inner and VAR_RE.fullmatch(inner):
                name = inner.split(":")[0]
                refs += 1
                if name not in names:
                    names.append(name)
                if all(first_stack):
                    text_first.append("X")
                i = j + 1
                continue
            groups += 1
            depth += 1
            max_depth = max(max_depth, depth)
            stack.append([[], 0.0])  # alternatives' log10 counts, current alt log10
            first_stack.append(True)
            i += 1
            continue
        if c == "|" and depth > 0:
            stack[-1][0].append(stack[-1][1])
            stack[-1][1] = 0.0
            first_stack[-1] = False
            i += 1
            continue
        if c == "}":
            assert depth > 0, f"stray }} at {i}"
            alts, cur = stack.pop()
            alts.append(cur)
            first_stack.pop()
            m = max(alts)
            stack[-1][1] += m + math.log10(sum(10 ** (a - m) for a in alts))
            depth -= 1
            i += 1
            continue
        if all(first_stack):
            text_first.append(c)
        i += 1
    assert depth == 0, "unclosed group"
    log10_count = stack[0][1]
    rendered = re.sub(r"<[^>]+>", " ", "".join(text_first))
    return groups, max_depth, names, refs, log10_count, len(rendered.split())


def sample_words(src, binding, rng):
    """Word count of one random rendering (tags stripped), an estimate of the article's length."""
    out = []
    stack = []  # per open group: [alternatives' texts, current text]
    i = 0
    while i < len(src):
        c = src[i]
        if c == "{":
            j = src.find("}", i)
            inner = src[i + 1:j]
            if "{" not in inner and VAR_RE.fullmatch(inner):
                value = binding[inner.split(":")[0]]
                (stack[-1][1] if stack else out).append(value)
                i = j + 1
                continue
            stack.append([[], []])
        elif c == "|" and stack:
            stack[-1][0].append(stack[-1][1])
            stack[-1][1] = []
        elif c == "}":
            alts, cur = stack.pop()
            alts.append(cur)
            (stack[-1][1] if stack else out).extend(rng.choice(alts))
        else:
            (stack[-1][1] if stack else out).append(c)
        i += 1
    return len(re.sub(r"<[^>]+>", " ", "".join(out)).split())


def binding_rows():
    """60 rows: 12 cities x 5 avatars, geo rotating fastest, like bench_vars.json."""
    cities = [
        ("Austin", "Texas", "TX", "Travis County", "78701", "Central Texas", "Greater Austin",
         ["Hyde Park", "Zilker", "Mueller", "Travis Heights", "Crestview", "Bouldin Creek"],
         ["Lady Bird Lake", "the Capitol", "Barton Springs"], "I-35", "Hot and sunny",
         "964,000", "$550,000", "228", "Austin Energy", "$0.12", "(512)", "Central", "Round Rock"),
        ("Miami", "Florida", "FL", "Miami-Dade County", "33101", "South Florida", "Greater Miami",
         ["Brickell", "Wynwood", "Coconut Grove", "Little Havana", "Edgewater", "Coral Way"],
         ["Bayfront Park", "Vizcaya", "the Design District"], "I-95", "Humid and stormy",
         "449,000", "$610,000", "249", "FPL", "$0.14", "(305)", "Eastern", "Fort Lauderdale"),
        ("Denver", "Colorado", "CO", "Denver County", "80202", "the Front Range", "Metro Denver",
         ["Capitol Hill", "Highlands", "Washington Park", "Baker", "Park Hill", "Sloan Lake"],
         ["Coors Field", "City Park", "Red Rocks"], "I-25", "Dry with hail storms",
         "716,000", "$590,000", "245", "Xcel Energy", "$0.15", "(303)", "Mountain", "Aurora"),
        ("Phoenix", "Arizona", "AZ", "Maricopa County", "85004", "the Valley of the Sun",
         "Greater Phoenix",
         ["Arcadia", "Ahwatukee", "Maryvale", "Encanto", "Desert Ridge", "Laveen"],
         ["Camelback Mountain", "Papago Park", "South Mountain"], "I-10", "Very hot and dry",
         "1,650,000", "$450,000", "299", "APS", "$0.13", "(602)", "Mountain", "Tempe"),
        ("Raleigh", "North Carolina", "NC", "Wake County", "27601", "the Triangle",
         "Raleigh-Durham",
         ["Five Points", "Oakwood", "Cameron Village", "North Hills", "Mordecai", "Boylan Heights"],
         ["Pullen Park", "the State Capitol", "Lake Johnson"], "I-40", "Warm and humid",
         "482,000", "$430,000", "213", "Duke Energy", "$0.11", "(919)", "Eastern", "Durham"),
        ("Portland", "Oregon", "OR", "Multnomah County", "97201", "the Willamette Valley",
         "Portland Metro",
         ["Pearl District", "Alberta Arts", "Sellwood", "Hawthorne", "St. Johns", "Laurelhurst"],
         ["Forest Park", "Mount Tabor", "the Rose Garden"], "I-5", "Mild and cloudy",
         "635,000", "$520,000", "144", "PGE", "$0.16", "(503)", "Pacific", "Beaverton"),
        ("Columbus", "Ohio", "OH", "Franklin County", "43215", "Central Ohio", "Greater Columbus",
         ["German Village", "Clintonville", "Short North", "Victorian Village", "Olde Towne East",
          "Italian Village"],
         ["the Scioto Mile", "Ohio Stadium", "Schiller Park"], "I-71", "Four distinct seasons",
         "906,000", "$280,000", "178", "AEP Ohio", "$0.14", "(614)", "Eastern", "Dublin"),
        ("Nashville", "Tennessee", "TN", "Davidson County", "37201", "Middle Tennessee",
         "Greater Nashville",
         ["East Nashville", "The Gulch", "Germantown", "Sylvan Park", "12 South", "Belmont"],
         ["the Parthenon", "Broadway", "Radnor Lake"], "I-65", "Hot summers, mild winters",
         "689,000", "$460,000", "206", "NES", "$0.12", "(615)", "Central", "Franklin"),
        ("San Diego", "California", "CA", "San Diego County", "92101", "Southern California",
         "San Diego Metro",
         ["North Park", "La Jolla", "Hillcrest", "Point Loma", "Clairemont", "Kensington"],
         ["Balboa Park", "Mission Bay", "Torrey Pines"], "I-805", "Mild and sunny",
         "1,380,000", "$930,000", "266", "SDG&E", "$0.38", "(619)", "Pacific", "Chula Vista"),
        ("Boise", "Idaho", "ID", "Ada County", "83702", "the Treasure Valley", "Boise Metro",
         ["North End", "Bench", "East End", "Harris Ranch", "Garden City", "Collister"],
         ["Table Rock", "the Greenbelt", "Camel's Back Park"], "I-84", "Dry, sunny summers",
         "237,000", "$500,000", "206", "Idaho Power", "$0.10", "(208)", "Mountain", "Meridian"),
        ("Tampa", "Florida", "FL", "Hillsborough County", "33602", "the Gulf Coast",
         "Tampa Bay Area",
         ["Hyde Park", "Seminole Heights", "Ybor City", "Westchase", "Palma Ceia", "Davis Islands"],
         ["Bayshore Boulevard", "Curtis Hixon Park", "the Riverwalk"], "I-275",
         "Hot with afternoon storms", "398,000", "$420,000", "244", "TECO", "$0.15", "(813)",
         "Eastern", "St. Petersburg"),
        ("Sacramento", "California", "CA", "Sacramento County", "95814", "the Central Valley",
         "Greater Sacramento",
         ["Midtown", "Land Park", "East Sacramento", "Curtis Park", "Natomas", "Oak Park"],
         ["the Tower Bridge", "Old Sacramento", "William Land Park"], "I-80",
         "Hot, dry summers", "526,000", "$480,000", "265", "SMUD", "$0.17", "(916)", "Pacific",
         "Elk Grove"),
    ]
    avatars = [
        ("The Skeptic", ["Hidden fees", "Pushy salespeople", "Vague warranties"],
         ["Verified savings", "No surprises"], ["It sounds too good to be true",
         "The savings never add up"], "$18,000", "ranch home", "three months", "Proof"),
        ("The Budget Hunter", ["High upfront costs", "Rising bills", "Loan interest"],
         ["The lowest monthly payment", "Fast payback"], ["Cheap quotes only",
         "I cannot afford it now"], "$12,000", "townhouse", "this season", "Low cost"),
        ("The Eco Buyer", ["Carbon footprint", "Grid reliance", "Wasted energy"],
         ["Energy independence", "A smaller footprint"], ["Panels are not green to make",
         "Batteries are wasteful"], "$25,000", "craftsman house", "six months", "Sustainability"),
        ("The Busy Parent", ["No time for research", "Noisy crews", "Long projects"],
         ["A hands-off install", "Lower bills for the family"], ["It will take forever",
         "I do not have time for permits"], "$20,000", "two-story home", "before school starts",
         "Convenience"),
        ("The Retiree", ["Fixed income", "Long payback periods", "Roof age"],
         ["Predictable bills", "Added home value"], ["I may not live long enough to break even",
         "My roof is too old"], "$15,000", "single-level home", "next spring", "Peace of mind"),
    ]
    brands = ["SunPeak Solar", "BrightPath Energy", "Lumen Home Solar", "Sol Harbor",
              "Redline Renewables"]
    months = ["January", "March", "May", "July", "September", "November"]
    seasons = ["spring", "summer", "fall", "winter"]
    rows = []
    for i in range(60):
        (city, state, abbr, county, zipc, region, metro, hoods, marks, hwy, climate, pop, home,
         sunny, utility, rate, area, tz, nearest) = cities[i % len(cities)]
        (avatar, pains, goals, objections, budget, home_type, timeline,
         priority) = avatars[i // len(cities)]
        brand = brands[(i * 7) % len(brands)]
        competitors = [b for b in brands if b != brand][:3]
        slug = "solar-" + city.lower().replace(" ", "-") + "-" + abbr.lower()
        price_low = 12000 + (i % 7) * 500
        row = {
            "City": city, "State": state, "State_Abbr": abbr, "County": county, "Zip": zipc,
            "Region": region, "Metro_Area": metro, "Highway": hwy, "Climate": climate,
            "Population": pop, "Median_Home_Value": home, "Sunny_Days": sunny,
            "Utility_Company": utility, "Utility_Rate": rate,
            "Permit_Office": f"the {city} Development Services office",
            "Permit_Days": str(10 + i % 4 * 5),
            "Net_Metering_Policy": "full retail net metering" if i % 3 else "net billing credits",
            "HOA_Note": "Most HOAs must approve panels within 60 days" if i % 2 else
                        "State law limits HOA bans on panels",
            "Nearest_City": nearest, "Area_Code": area, "Time_Zone": tz,
            "Niche": "Solar", "Niche_Plural": "solar panels",
            "Service_1": "Rooftop installation", "Service_2": "Battery storage",
            "Service_3": "Panel cleaning", "Service_4": "Inverter replacement",
            "Service_5": "Roof assessments", "Service_6": "Monitoring setup",
            "Product_1": "Solar leases", "Product_2": "Power purchase agreements",
            "Product_3": "EV chargers", "Product_4": "Smart thermostats",
            "Price_Low": f"${price_low:,}", "Price_High": f"${price_low + 14000:,}",
            "Avg_Cost": f"${price_low + 6500:,}", "Avg_Savings": f"${900 + i * 17:,}",
            "Payback_Years": str(6 + i % 5), "Warranty_Years": "25" if i % 2 else "20",
            "Install_Days": str(1 + i % 3), "Tax_Credit": "30%",
            "Rebate_Name": f"the {state} Solar Rebate", "Rebate_Amount": f"${500 + i % 6 * 250}",
            "Financing_Rate": f"{3.9 + (i % 6) * 0.5:.1f}%", "System_Size": f"{5 + i % 4} kW",
            "Panel_Brand": ["REC", "Qcells", "Canadian Solar", "Panasonic"][i % 4],
            "Inverter_Brand": ["Enphase", "SolarEdge", "SMA"][i % 3],
            "Battery_Brand": ["Tesla Powerwall", "Enphase IQ", "LG RESU"][i % 3],
            "Battery_Cost": f"${9000 + i % 5 * 800:,}", "Lifespan_Years": "25 to 30",
            "Efficiency": f"{20 + i % 3}.{i % 10}%",
            "Brand": brand,
            "Brand_Phone": f"{area} 555-{1000 + i:04d}",
            "Brand_Email": "hello@" + brand.lower().replace(" ", "") + ".example",
            "Brand_URL": "https://" + brand.lower().replace(" ", "") + ".example/" + slug,
            "Brand_Founded": str(2004 + i % 15), "Brand_License": f"C-{46000 + i * 37}",
            "Brand_Rating": f"4.{5 + i % 5}", "Brand_Reviews": str(180 + i * 23),
            "Brand_Address": f"{100 + i * 11} Main Street, {city}",
            "Brand_Hours": "Mon-Sat 8am-6pm", "Owner_Name": ["Dana Ortiz", "Sam Patel",
            "Lee Morgan", "Jo Kim", "Alex Rivera"][i % 5],
            "Team_Size": str(12 + i % 30), "Jobs_Completed": f"{1200 + i * 41:,}",
            "Certification_1": "NABCEP", "Certification_2": "Tesla Certified Installer",
            "Certification_3": "OSHA 30", "Award_1": f"Best of {city} {2021 + i % 4}",
            "Award_2": "BBB A+ rating", "Competitor_1": competitors[0],
            "Competitor_2": competitors[1], "Competitor_3": competitors[2],
            "Response_Time": ["one business day", "24 hours", "two hours"][i % 3],
            "Service_Radius": f"{30 + i % 4 * 10} miles",
            "Brand_Slogan": ["Power you can see", "Sunshine, simplified", "Bright homes, lower bills",
                             "Local crews, honest quotes", "Clean energy made easy"][(i * 7) % 5],
            "Customer_Name_1": ["Maria G.", "Tom B.", "Priya S.", "Chris L."][i % 4],
            "Customer_Name_2": ["Kevin D.", "Ana R.", "Beth W.", "Omar F."][i % 4],
            "Customer_Quote_1": "Our bill dropped by half in the first summer.",
            "Customer_Quote_2": "They finished a day early and cleaned up everything.",
            "Avatar_Name": avatar, "Avatar_Pain_1": pains[0], "Avatar_Pain_2": pains[1],
            "Avatar_Pain_3": pains[2], "Avatar_Goal_1": goals[0], "Avatar_Goal_2": goals[1],
            "Avatar_Objection_1": objections[0], "Avatar_Objection_2": objections[1],
            "Avatar_Budget": budget, "Avatar_Home_Type": home_type, "Avatar_Timeline": timeline,
            "Avatar_Priority": priority,
            "Year": "2025", "Month": months[i % len(months)], "Season": seasons[i % 4],
            "Author_Name": ["Jamie Chen", "Riley Brooks", "Morgan Hayes"][i % 3],
            "Author_Title": "Senior Energy Editor",
            "Reviewer_Name": ["Dr. Pat Greene", "Casey Nolan"][i % 2],
            "Updated_Date": f"{months[i % len(months)]} {1 + i % 28}, 2025",
            "Read_Minutes": str(8 + i % 4), "CTA_Text": "Get my free quote",
            "Offer": "a free shade report", "Offer_Deadline": f"{months[(i + 1) % 6]} 30",
            "Guide_Title": f"{city} Solar Guide",
            "Checklist_Item_1": "Twelve months of utility bills",
            "Checklist_Item_2": "Photos of your roof and electrical panel",
            "Checklist_Item_3": "Your average monthly usage in kWh",
            "Checklist_Item_4": "HOA rules, if any", "Checklist_Item_5": "A list of questions",
            "Red_Flag_1": "high-pressure deadlines", "Red_Flag_2": "cash-only deposits",
            "Red_Flag_3": "no written warranty",
            "Stat_Source": "EIA Electric Power Monthly", "Stat_Value": f"{rate} per kWh",
            "Related_Guide_1": f"Solar Batteries in {city}",
            "Related_Guide_2": f"{state} Solar Incentives",
            "Related_Guide_3": "How Net Metering Works",
            "Cover_Image_Alt": f"Solar panels on a {home_type} in {city}",
            "Meta_Keyword": f"solar companies {city.lower()}", "Canonical_Slug": slug,
            "Schema_Type": "Article",
            "Disclaimer": "Figures are estimates; your quote may differ.",
        }
        for k in range(6):
            row[f"Neighborhood_{k + 1}"] = hoods[k]
        for k in range(3):
            row[f"Landmark_{k + 1}"] = marks[k]
        assert set(row) == set(VARIABLES), sorted(set(row) ^ set(VARIABLES))
        rows.append({v: row[v] for v in VARIABLES})
    return rows


def generate():
    # Add paragraphs one section at a time until the group target is reached.
    paragraphs = [1] * len(SECTIONS)
    step = 0
    while True:
        best = build(random.Random(SEED), paragraphs)
        if analyse("\n\n".join(best))[0] >= TARGET_GROUPS:
            break
        paragraphs[step % len(SECTIONS)] += 1
        step += 1
    src_vars = analyse("\n\n".join(best))[2]
    lines = add_unused(best, set(src_vars))
    lines.append("</article>")
    template = "\n\n".join(lines) + "\n"
    bindings = {
        "note": "article i uses bindings[i % 60]; geo rotates fastest. Generated by "
                "generate_article.py; do not edit by hand.",
        "bindings": binding_rows(),
    }
    return template, json.dumps(bindings, indent=1, ensure_ascii=False) + "\n"


def main():
    template, bindings = generate()
    groups, depth, names, refs, log10, _ = analyse(template)
    rows = json.loads(bindings)["bindings"]
    rng = random.Random(SEED)
    words_n = sum(sample_words(template, rows[k], rng) for k in range(10)) // 10
    stats = (f"bytes={len(template.encode())} groups={groups} max_depth={depth} "
             f"distinct_variables={len(names)} variable_refs={refs} words~{words_n} "
             f"log10(count)~{log10:.1f}")
    assert set(names) == set(VARIABLES), sorted(set(names) ^ set(VARIABLES))
    outputs = {"article_template.txt": template, "article_bindings.json": bindings}
    if "--check" in sys.argv:
        ok = True
        for name, text in outputs.items():
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                if f.read() != text:
                    print(f"generate_article: {name} differs from the generator output")
                    ok = False
        print(stats)
        sys.exit(0 if ok else 1)
    for name, text in outputs.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(text)
    print(stats)


if __name__ == "__main__":
    main()
