#!/usr/bin/env python3
"""Writes SQL for the similarity benchmark's campaign: one site, one campaign with 9 body sections
of 2 fragments each, every fragment ~100 words with 8 two-way groups, 3 personas and a title
template. Deterministic (fixed random seed), so every run benchmarks the same text.

    python3 scripts/similarity/bench_campaign.py > campaign.sql
"""
import random

SITE = "11000000-0000-4000-8000-000000000001"
CAMPAIGN = "22000000-0000-4000-8000-000000000001"
SECTIONS = ["intro_hook", "pillar_1", "pillar_2", "pillar_3", "pillar_4", "pillar_5",
            "local_context", "faq_section", "conclusion"]

WORDS = """roof panel inverter battery utility meter credit rebate install crew permit inspection
warranty savings bill rate kilowatt hour sunlight shade season winter summer budget loan lease cash
payback estimate quote contract design survey wiring breaker grid storage outage backup efficiency
output production owner family household neighbor street county office schedule week month year
decade value price cost fee tax return plan choice option advice question answer detail number
figure trend market brand model module racking mount flashing seal leak gutter attic angle tilt
orientation south west morning evening cloud rain heat snow dust cleaning monitoring app alert
report report warranty labor material equipment supplier distributor factory certification license
insurance review reference visit call email proposal signature deadline timeline milestone""".split()
VERBS = """helps lowers raises changes shapes affects drives limits extends protects covers reduces
improves explains confirms checks compares measures tracks adds cuts saves earns returns""".split()
ADJ = """local typical careful modest steady reliable honest clear simple detailed written certified
efficient sunny shaded older newer larger smaller quiet busy strong weak fair""".split()


def phrase(rng, n):
    out = []
    for i in range(n):
        pool = (WORDS, ADJ, VERBS)[rng.randrange(3) if i else 1]
        out.append(rng.choice(pool))
    return " ".join(out)


def sentence(rng, words):
    text = phrase(rng, words)
    return text[0].upper() + text[1:] + "."


def fragment(rng, section, number):
    """Eight sentences: a short fixed lead, then a two-way group of two different 8-12 word clauses
    (so, as in real campaigns, most of the text is in the groups). Places and the persona appear in
    the leads."""
    places = ["{City}", "{State}", "{City}", "{Avatar:lower}"]
    sentences = []
    for g in range(8):
        lead = "In %s the %s" % (places[g % 4], rng.choice(WORDS)) if g % 2 == 0 else rng.choice(ADJ).title() + " " + rng.choice(WORDS)
        a, b = phrase(rng, rng.randint(8, 12)), phrase(rng, rng.randint(8, 12))
        sentences.append("%s {%s|%s}." % (lead, a, b))
    title = "<h2>%s %s in {City}</h2>" % (section.replace("_", " ").title(), number)
    return title + "\n<p>" + " ".join(sentences[:4]) + "</p>\n<p>" + " ".join(sentences[4:]) + "</p>"


def dollar(text):
    return "$t$" + text + "$t$"


def main():
    rng = random.Random(20261201)
    print("INSERT INTO sites (id, status, name, url) VALUES ('%s', 'active', 'Bench Solar', 'https://bench-solar.example') ON CONFLICT (id) DO NOTHING;" % SITE)
    headline = "{Solar Panels|Home Solar|Solar Power|Rooftop Solar} in {City}, {State}: {A Buyer's Guide|Costs and Savings|What to Know|How to Choose} {for {Year}|Today|This Year|Now}"
    print("INSERT INTO campaign_masters (id, status, site_id, name, headline_spintax_root, target_word_count, location_mode, batch_count) "
          "VALUES ('%s', 'active', '%s', 'Bench campaign', %s, 900, 'city', 25) ON CONFLICT (id) DO NOTHING;" % (CAMPAIGN, SITE, dollar(headline)))
    rows = []
    n = 1
    for section in SECTIONS:
        for number in (1, 2):
            rows.append("('22100000-0000-4000-8000-%012d', 'active', '%s', '%s', %s)" % (n, CAMPAIGN, section, dollar(fragment(rng, section, number))))
            n += 1
    print("INSERT INTO content_fragments (id, status, campaign_id, fragment_type, fragment_text) VALUES\n" + ",\n".join(rows) + "\nON CONFLICT (id) DO NOTHING;")
    personas = ["Budget-Conscious Homeowner", "Eco-Minded Family", "Retiree on a Fixed Income"]
    rows = ["('33000000-0000-4000-8000-%012d', 'published', '%s', 'Middle Income', '[\"rising bills\"]', '{}')" % (i + 1, name) for i, name in enumerate(personas)]
    print("INSERT INTO avatar_intelligence (id, status, base_name, wealth_cluster, pain_points, demographics) VALUES\n" + ",\n".join(rows) + "\nON CONFLICT (id) DO NOTHING;")


if __name__ == "__main__":
    main()
