-- Sample data for generation tests: one site, one residential-solar campaign with its
-- fragments, avatars, variants, title patterns, offer blocks and places.
--
-- Needs the schema (SchemaMigrations, latest version). Idempotent: every row has a fixed id and
-- is inserted with ON CONFLICT (id) DO NOTHING, so loading it twice changes nothing. Every row
-- is published/active. Templates use the syntax of Docs/Templates.md (tier 1 only: groups, nesting,
-- variables, modifiers; no conditionals) and are written with dollar quotes ($t$ … $t$) so
-- apostrophes need no escaping.
--
-- Fixed ids (the first group says which table):
--   site            10000000-0000-4000-8000-000000000001   Sunrise Solar Pros
--   campaign        20000000-0000-4000-8000-000000000001   location_mode 'city', 900 words
--   fragments       21000000-0000-4000-8000-0000000000NN   NN = 01 … 20 (see below)
--   avatars         30000000-0000-4000-8000-00000000000N   N = 1 … 3
--   variants        31000000-0000-4000-8000-00000000000N   N = 1 … 2
--   patterns        40000000-0000-4000-8000-00000000000N   N = 1 … 3
--   offer blocks    50000000-0000-4000-8000-00000000000N   N = 1 … 2
--   geo_intelligence 60000000-0000-4000-8000-00000000000N  N = 1 … 4
--   states          70000000-0000-4000-8000-00000000000N   N = 1 … 3 (TX, AZ, FL)
--   counties        71000000-0000-4000-8000-00000000000N   N = 1 … 6
--   cities          72000000-0000-4000-8000-00000000000N   N = 1 … 6
--
-- Variables the templates use: City, State, County, Population (from locations_cities with its
-- county and state: the campaign's location_mode 'city' reads that table), Avatar, Pain_Point,
-- Site_Name, Year, and Niche, which only the job binds. Only local_context uses {County},
-- always inside a conditional ({?County?{County}|{City}}): GeoNames leaves some cities without a
-- county, and geo_intelligence has none.
-- A job over everything (6 cities x 3 avatars x 4 title templates = 72 combinations):
--
--   INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters) VALUES (
--     '10000000-0000-4000-8000-000000000001', 72, 10,
--     '{"campaign_id": "20000000-0000-4000-8000-000000000001", "patterns": "all",
--       "variables": {"Niche": "Solar"}}');

-- Site and campaign --------------------------------------------------------------------------

INSERT INTO sites (id, status, name, url) VALUES
    ('10000000-0000-4000-8000-000000000001', 'active', 'Sunrise Solar Pros', 'https://sunrisesolarpros.example')
ON CONFLICT (id) DO NOTHING;

INSERT INTO campaign_masters
    (id, status, site_id, name, headline_spintax_root, target_word_count, location_mode, batch_count)
VALUES (
    '20000000-0000-4000-8000-000000000001', 'active', '10000000-0000-4000-8000-000000000001',
    'Residential Solar City Guides',
    $t${Solar Panel Installation|Home Solar|Residential Solar Power|Rooftop Solar} in {City}, {State}: {A {Year} Buyer's Guide|Costs, Savings and Incentives|What to Know Before You Buy|How to Choose an Installer}$t$,
    900, 'city', 25)
ON CONFLICT (id) DO NOTHING;

-- Content fragments --------------------------------------------------------------------------
-- intro_hook fragments have no HTML tag, so the generator wraps their paragraphs in <p>;
-- the others carry their own markup. faq_section uses <h3> question / <p> answer pairs.

INSERT INTO content_fragments (id, status, campaign_id, fragment_type, fragment_text) VALUES
('21000000-0000-4000-8000-000000000001', 'active', '20000000-0000-4000-8000-000000000001', 'intro_hook',
$t${Electricity rates|Utility bills|Power prices} in {City} have {climbed steadily|kept rising|gone up year after year}, and more {homeowners|households|families} across {State} are {asking|wondering} whether {Niche:lower} {finally makes sense|is worth it|pays off} for them. If you are dealing with {Pain_Point}, you are {not alone|in good company}: it is the {most common|single most common|first} concern we hear from {local homeowners|people in {City}|{City} homeowners}.

This guide {walks through|explains|breaks down} what a {residential|home} solar system {really costs|costs today|costs in {Year}}, how {the savings are calculated|savings add up|payback works}, and what to {check|look for|ask about} before you sign {anything|a contract|with an installer}. {Every number here|Each figure on this page} is {a range|an estimate}, {not a promise|not a quote}: your {roof|home} and your {bills|usage} {decide|determine} the {rest|final numbers}.$t$),
('21000000-0000-4000-8000-000000000002', 'active', '20000000-0000-4000-8000-000000000001', 'intro_hook',
$t${Going solar|Putting panels on your roof|Switching to solar power} is {one of the biggest|among the largest} {home improvement decisions|investments} {homeowners|families} in {City} can make, and it {deserves|calls for} {more than a sales pitch|better than a quick quote}. As {Avatar:lower:a_an}, you are {probably|likely} {dealing with|worried about} {Pain_Point}, so that is {where we start|what this guide keeps in view}.

{Below|In the sections below|On this page}, you will find {plain-language|straightforward|honest} answers about {cost|pricing}, {incentives|tax credits}, {installation|the install process} and {what to expect from|how to judge} a {local installer|{State} installer|solar company}.$t$),
('21000000-0000-4000-8000-000000000003', 'active', '20000000-0000-4000-8000-000000000001', 'intro_hook',
$t${Sunshine|Sunlight} is {free|the one input that costs nothing}; {the equipment to use it|the hardware that captures it} is not. For {homeowners|households} in {City}, {State}, the {real|practical} question is {whether|if} a solar system will {pay for itself|earn back its cost} {before you move|while you live in the home|within a reasonable time}, and {how much|what} it will {save|cut from your bills} each month.

We {wrote|put together} this {guide|page} for {people|homeowners} who {want facts before a sales call|would rather read first and talk later}, {especially|particularly} anyone {worried about|dealing with} {Pain_Point}.$t$),

('21000000-0000-4000-8000-000000000004', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_1',
$t$<h2>{What Solar Panels Cost|How Much a Home Solar System Costs|Solar Installation Prices} in {City}</h2>
<p>Most {residential|home} systems in {State} {fall between six and ten kilowatts|range from six to ten kilowatts}. {Before incentives|Before any tax credit}, {installed prices|quotes} {typically|usually} {land|run} between $2.50 and $3.50 per watt, so a {typical|mid-sized} 7 kW system {comes to|costs} roughly $17,500 to $24,500. {Your|The} {final|actual} price depends on {roof pitch, shading and the electrical panel|the roof, the shading and your main electrical panel}, as well as the {equipment brand|panels and inverters} you choose. {Larger homes|Homes with electric heating or an EV} {may need|often need} {ten kilowatts or more|a bigger system}, {while|and} {a small, efficient home|a smaller household} {can|may} {get by with five kilowatts|do well with four or five kilowatts}.</p>
<p>{Ask every installer for|Insist on} a {line-item|detailed} {quote|breakdown} that separates {equipment, labor, permits and interconnection fees|hardware, labor, permitting and utility fees}. {It is the only way|That is the only reliable way} to compare {offers|bids} {fairly|side by side}, and it {quickly|immediately} {reveals|exposes} {padding|inflated margins} hidden in a single bundled number.</p>$t$),
('21000000-0000-4000-8000-000000000005', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_1',
$t$<h2>{Understanding the Cost of|Breaking Down What You Pay for} {Niche} in {City}</h2>
<p>{A solar quote|The price on a solar quote} {bundles|combines} {several|a handful of} costs: {panels, inverters, racking, wiring, labor, permits and the utility interconnection|the panels, the inverter, mounting hardware, labor, permitting and interconnection}. In {City}, {labor and permitting|soft costs such as labor and permits} {often|commonly} {make up|account for} {a third or more|more than a third} of the total, which is why two {quotes|bids} for {the same|similar} equipment can differ by {thousands of dollars|several thousand dollars}. {Ask each installer to walk you through|Have each installer explain} {every line|each line item} {before you compare totals|before comparing totals}.</p>
<p>{Financing changes the picture too|How you pay matters as much as the price}. A {cash purchase|cash payment} {gives|delivers} the {fastest payback|shortest payback period}, a {solar loan|secured loan} {spreads|splits} the cost {over ten to twenty years|into monthly payments}, and a lease or power purchase agreement {costs little upfront|needs little or no money down} but {keeps|leaves} {the incentives|most of the savings} with the {leasing company|installer}. If you are dealing with {Pain_Point}, {compare|run} the {total cost over twenty years|twenty-year cost}, not just the {monthly payment|first bill}.</p>$t$),

('21000000-0000-4000-8000-000000000006', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_2',
$t$<h2>{Tax Credits|Incentives|Rebates and Tax Credits} for {Solar|Home Solar} in {State}</h2>
<p>{Incentives for home solar|Solar incentives} have changed {more than once|several times} in recent years, {and|so} {the numbers in an old article|last year's figures} may {no longer apply|be out of date}. {Federal tax treatment|Federal credits}, {state|local} programs and {utility rebates|rebates from your utility} {each have their own rules|all come with their own rules} and deadlines, and {some|a few} {depend on|are tied to} the date your system is {placed in service|switched on}, not the date you sign.</p>
<p>{A reputable|A trustworthy|A good} installer {serving|working in} {City} will {list|name} every incentive {that applies to your address|you qualify for} {in writing|on the quote}, {show|explain} how it was {calculated|estimated}, and {tell you plainly|say clearly} which {ones|amounts} are {guaranteed|certain} and which are not. {Treat|Consider} any {savings|payback} figure that {depends on|relies on} an {unconfirmed|unverified} incentive as a {best case|hopeful estimate}. {Keep copies of|Save} {every document|all the paperwork} {tied to an incentive|you receive}; {you may need them|they may be needed} {at tax time|when you file}.</p>$t$),
('21000000-0000-4000-8000-000000000007', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_2',
$t$<h2>{How Solar Savings Add Up|Estimating Your Solar Savings|What Solar Can Save You} in {City}</h2>
<p>{Your savings depend|What you save depends} on three {numbers|figures}: how much electricity you use, {what|how much} your utility charges {per kilowatt-hour|for each kilowatt-hour}, and how much {sunlight|sun} your roof {receives|gets} {over a year|across the seasons}. {Homes|Houses} in {State} with {a south-facing roof|south- or west-facing roofs} and {little shade|limited shading} {usually|often} {produce the strongest returns|generate the most savings}. {Rate increases|Future rate increases} {make|turn} {each|every} kilowatt-hour you produce {more valuable|worth more} {over time|as the years pass}.</p>
<p>{Ask for|Request} a {production estimate|twelve-month production estimate} {based on your address|built from your actual roof} and {your last twelve bills|a full year of your bills}, then {divide the net system cost by|compare the net system cost with} the {yearly savings|expected annual savings}. {Many|Most} {City} {homeowners|households} {see|land on} a {simple payback|payback period} {of seven to twelve years|somewhere between seven and twelve years}, {after which|and after that} the {power is close to free|electricity is nearly free} for the {rest of the system's life|remaining life of the panels}.</p>$t$),

('21000000-0000-4000-8000-000000000008', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_3',
$t$<h2>{How to Choose|Choosing|Picking} a {Solar Installer|Solar Company} in {City}</h2>
<p>{Look for|Start with} {installers|companies} that {hold|have} {the licenses {State} requires|a valid {State} contractor license}, {carry|maintain} {liability and workers' compensation insurance|full insurance}, and {employ|use} {NABCEP-certified|certified} {designers|installers}. {Ask how long|Find out how long} they have {worked in|served} {City}, and {ask for|request} {addresses of|references from} {recent|nearby} {installations|customers} you can {visit|call}. {Online reviews|Reviews on independent sites} {help|are useful}, but {a conversation with a past customer|talking to a past customer} {tells you more|is worth more}.</p>
<p>{Compare|Weigh} {at least three|three or more} {quotes|bids} {on the same terms|side by side}: system size in kilowatts, {expected|estimated} annual production, {equipment brands|panel and inverter models}, {warranty length|warranty coverage} and the {total|all-in} price. {Be wary of|Walk away from} {any company|anyone} that {pressures you to sign the same day|insists on a same-day signature} or {will not|refuses to} put {production|savings} {estimates|promises} in writing.</p>$t$),
('21000000-0000-4000-8000-000000000009', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_3',
$t$<h2>{Questions to Ask|What to Ask} {Before You Sign|a Solar Installer}{ in {City}|}</h2>
<p>{A few|Some} {direct|pointed} questions {separate|sort} {good installers|serious companies} from {the rest|salespeople}. Who {will actually|is going to} {install|put in} the system: {employees|their own crew} or {subcontractors|a subcontractor}? {Which|What} {panels and inverters|equipment brands} are {quoted|proposed}, and {what|how long} are their warranties? Who {handles|takes care of} permits, the {utility interconnection|connection to the grid} and the final inspection with {local officials|the building department}?</p>
<p>{Also ask|Then ask} what happens if the system {underproduces|produces less than promised}, {who you call|whom you call} {for repairs|when something breaks}, and whether the workmanship warranty {covers|includes} {roof penetrations|leaks around the mounts}. {Honest|Straight} answers to these {questions|points} {matter more than|count for more than} {a low price|the lowest bid}, {especially|particularly} {if|when} you are dealing with {Pain_Point}. {Write the answers down|Take notes} so you can {compare|line up} {installers|companies} {later|afterwards}.</p>$t$),

('21000000-0000-4000-8000-000000000010', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_4',
$t$<h2>{What to Expect|The Installation Process|From Contract to Power-On}{ in {City}|}</h2>
<p>{After you sign|Once the contract is signed}, {a|the} {site survey|technical survey} {confirms|checks} {the roof structure|your roof's structure}, {shading|shade} and {electrical panel|main service panel}. {Design and permitting|Permits and final design} {usually|typically} take {two to six weeks|a few weeks} in {City}, {depending on|based on} {the local building department|how busy the permit office is}.</p>
<p>The {installation itself|physical installation} {often|usually} {takes|needs} {one to three days|just a day or two}. {After that|Then} the system {waits for|needs} {a|the} {city or county inspection|final inspection} and {permission to operate|approval} from your utility before it {can be switched on|starts producing}. {From signing to power-on|End to end}, {most|many} {City} {projects|installations} take {one to three months|six to twelve weeks}. {A good installer|Your installer} {should|will} {keep you informed|send updates} at each {step|stage} {and handle the paperwork for you|so nothing stalls}.</p>$t$),
('21000000-0000-4000-8000-000000000011', 'active', '20000000-0000-4000-8000-000000000001', 'pillar_4',
$t$<h2>{Caring for|Maintaining|Living With} {Your|a} Solar System{ in {City}|}</h2>
<p>{Solar panels|Modern panels} have no moving parts and {need little|require very little} {care|maintenance}. {Rain|Regular rain} {keeps most of the dust off|rinses off most dust}, and {a visual check|a quick look} {twice a year|each spring and fall} {is usually enough|usually suffices}. {Most|Many} systems include {monitoring|an app} that {shows|reports} {daily|hourly} production, so you {notice|spot} a problem {within days|quickly} instead of {at the next bill|months later}.</p>
<p>{Panels|Quality panels} {typically|usually} {carry|come with} a 25-year {performance|power} warranty, {while|and} {string inverters|inverters} {may need|often need} {replacing|replacement} {after ten to fifteen years|once in the system's life}. {Budget for|Set aside money for} {that|an inverter swap} {in your payback math|when you estimate savings}, and {keep|store} your {contract, warranties and permits|paperwork} {together|in one place} {in case you sell|for when you sell} the {home|house}. {Permit records|Inspection records} {help|reassure} {a buyer|buyers} too.</p>$t$),

('21000000-0000-4000-8000-000000000012', 'active', '20000000-0000-4000-8000-000000000001', 'local_context',
$t$<h2>{Solar|Going Solar} in {City}, {State}</h2>
<p>{City} is {home to|a community of} {Population} {people|residents}, and {its|the} {homeowners|households} {share|face} {the same|similar} {questions|concerns} about {Niche:lower}: {cost|price}, {roof condition|the state of the roof}, and {how long they plan to stay|whether they will stay long enough to see the payback}. {Installers|Solar companies} {working|operating} in {?County?{County}|{City}} {know|understand} the {local|county} permit {rules|process} and the {utility's|local utility's} {interconnection|net metering} {requirements|terms}, which {shortens the timeline|speeds up the project}.</p>
<p>{Before you compare quotes|When you collect quotes}, {check|look up} {your utility's current net metering or buyback terms|how your utility credits the power you send back}. Those terms {shape|affect} {your savings|the value of every panel} {more than any other single factor|as much as the price of the equipment does}.</p>$t$),
('21000000-0000-4000-8000-000000000013', 'active', '20000000-0000-4000-8000-000000000001', 'local_context',
$t$<h2>What {{City} Homeowners|Homeowners in {?County?{County}|{City}}|{State} Homeowners} {Should Know|Need to Know} About {Niche}</h2>
<p>{Weather|Climate}, {roof styles|roofing materials} and {local rules|permit rules} {differ|vary} {across|throughout} {State}, and {City} {has its own|is no exception, with its own} {mix|combination} of {them|all three}. {Homeowners|Residents} in {?County?{County}|{City}} {should|will want to} {confirm|check} {homeowners association rules|any HOA restrictions} {before|ahead of} {design begins|the design stage}, {make sure|check that} the roof has {at least ten|ten or more} years of life left, and {ask|find out} whether {the|their} utility {caps|limits} system size.</p>
<p>If you are dealing with {Pain_Point}, {a local installer|an installer who works in {?County?{County}|{City}} every week} {can|should be able to} {tell you|explain} {exactly|precisely} how {local|{City}} {conditions|rules} {affect|change} {your numbers|the estimate} {before you commit|before you sign anything}.</p>$t$),
('21000000-0000-4000-8000-000000000014', 'active', '20000000-0000-4000-8000-000000000001', 'local_context',
$t$<h2>{Local Factors That Matter|What Matters Most} {for|to} Solar {Buyers|Shoppers} in {City}</h2>
<p>{Three|A few} local factors {shape|drive} {most solar quotes|nearly every proposal} in {City}: the {permit fees and inspection schedule|permit process} of {?County?{County}|{City}}, the {utility's|local utility's} {rate plans|electricity rates}, and {the amount of shade|how much tree cover} {your neighborhood has|there is on your street}. {None|Not one} of these {shows up|appears} in a national {average|price estimate}, which is why {online calculators|generic calculators} {often|frequently} {miss|get it wrong} by {a wide margin|a lot}.</p>
<p>{A roof visit|An on-site assessment} and {a year of|twelve months of} {utility bills|your electric bills} give an installer {an accurate|a realistic} {picture of your home|estimate of your savings}. {Ask for both|Insist on both} {before you compare prices|before comparing quotes}.</p>$t$),

('21000000-0000-4000-8000-000000000015', 'active', '20000000-0000-4000-8000-000000000001', 'faq_section',
$t$<h2>{Frequently Asked Questions|Common Questions|FAQ} About {Niche} in {City}</h2>
<h3>Do solar panels work on cloudy days in {City}?</h3>
<p>{Yes, but|They do, though} {output|production} {drops|falls} {under heavy cloud|on overcast days}. {Production estimates already account for|A good production estimate already includes} {local weather|typical {City} weather} {over a full year|across the year}, so {cloudy days do not|a gray week does not} {change|upset} the {annual|yearly} numbers.</p>
<h3>Will I still get an electric bill?</h3>
<p>{Most|Nearly all} {grid-connected|grid-tied} homes {still|continue to} {receive|get} a {monthly|small monthly} bill for {connection fees|the connection charge} and {any power used at night|power drawn after dark}. {With a well-sized system|When the system is sized well}, the bill is {far smaller|much lower} {than before|than today's}.</p>
<h3>How long do solar panels last?</h3>
<p>{Quality|Tier-one} panels {typically|usually} {keep producing|produce useful power} for {25 to 30 years|well over 25 years}, {losing|giving up} {about half a percent|roughly 0.5 percent} of {output|their output} {per year|each year}.</p>$t$),
('21000000-0000-4000-8000-000000000016', 'active', '20000000-0000-4000-8000-000000000001', 'faq_section',
$t$<h2>{Your Questions|Homeowner Questions|{City} Solar Questions}, Answered</h2>
<h3>Can I add batteries later?</h3>
<p>{Usually, yes|In most cases, yes}. {Ask your installer to|Have your installer} {choose|specify} {an inverter|equipment} that {supports|is compatible with} {storage|a battery}, {so|and} {adding a battery later|a later battery upgrade} {stays|remains} {simple|straightforward}.</p>
<h3>Does solar raise my home's value?</h3>
<p>{Owned|Paid-off} systems {tend to|often} {add|increase} {value|resale value} and can help a home sell {faster|more quickly}. Leased systems {must be|need to be} {transferred|handed over} to the buyer, which {can|may} {complicate|slow down} a sale.</p>
<h3>What if I need a new roof?</h3>
<p>{If your roof has fewer than ten years of life left|If your roof will need replacing within ten years}, {replace it first|re-roof before you install}. {Removing and reinstalling panels|Taking panels off and putting them back} {later|afterwards} {costs|can cost} {several thousand dollars|thousands of dollars}.</p>$t$),

('21000000-0000-4000-8000-000000000017', 'active', '20000000-0000-4000-8000-000000000001', 'conclusion',
$t$<h2>{The Bottom Line|Is Solar Right for You?|Making the Decision}</h2>
<p>For {many|most} {homeowners|households} in {City}, {Niche:lower} {is|can be} a {sound|solid|sensible} {long-term|twenty-year} investment, {provided|as long as} the system is {sized to your actual use|sized correctly}, {installed|put in} by a {licensed|qualified} {local|{State}} {company|crew}, and {priced|quoted} {transparently|line by line}. {Take your time|Do not rush}, {compare|collect} {several|at least three} {quotes|offers}, and {make sure|be sure} every {promise|estimate} is in writing. {Solar rewards|Solar favors} {patience|careful buyers}: {the best|a good} {system|installation} is the one {sized|designed} for your {home|roof}, not for {a sales target|a quota}.</p>$t$),
('21000000-0000-4000-8000-000000000018', 'active', '20000000-0000-4000-8000-000000000001', 'conclusion',
$t$<h2>{Next Steps|Where to Go From Here|Your Next Move}</h2>
<p>{Start with|Begin with} {your last twelve electric bills|a year of utility bills} and a {clear|realistic} {idea|sense} of how long you plan to stay in {your home|the house}. {With those in hand|Armed with those}, {any|a} {reputable|serious} installer in {City} can {tell you|show you} {within a day or two|quickly} whether {Niche:lower} {makes financial sense|adds up} for your home, and at what price. {If the numbers work, go ahead|When the numbers work, move ahead} {with confidence|without pressure}; if they do not, {waiting a year|waiting} {costs you little|costs little}.</p>$t$),

('21000000-0000-4000-8000-000000000019', 'active', '20000000-0000-4000-8000-000000000001', 'final_cta',
$t$<p class="cf-cta">{Ready to see|Want to know} {what solar could save|how much solar could save} your {City} home? {Request|Get} a {free|no-obligation} {estimate|assessment} from {Site_Name} {today|this week} and {get|receive} a {written|detailed} {quote|proposal} {within|in} {48 hours|two business days}.</p>$t$),
('21000000-0000-4000-8000-000000000020', 'active', '20000000-0000-4000-8000-000000000001', 'final_cta',
$t$<p class="cf-cta">{Talk to|Speak with} {a local|an experienced} {solar advisor|energy advisor} at {Site_Name}. We {will review|review} your {bills|utility bills} and {roof|roof layout} {at no cost|for free} and {show you|give you} {honest|straight} numbers{ for {City}|} {before|ahead of} any {commitment|decision}.</p>$t$)
ON CONFLICT (id) DO NOTHING;

-- Personas -------------------------------------------------------------------------------------
-- Every pain point reads after "dealing with" and "worried about"; every avatar has the same
-- demographics keys, so Avatar_age_range etc. are bound for all of them.

INSERT INTO avatar_intelligence (id, status, base_name, wealth_cluster, pain_points, demographics) VALUES
('30000000-0000-4000-8000-000000000001', 'published', 'Budget-Conscious Homeowner', 'Middle Income',
 '["electric bills that climb every summer", "upfront costs that feel out of reach", "financing offers that are hard to compare"]',
 '{"age_range": "30-50", "household_income": "$60,000-$95,000", "home_type": "single-family home", "decision_driver": "monthly savings"}'),
('30000000-0000-4000-8000-000000000002', 'published', 'Eco-Minded Family', 'Upper Middle Income',
 '["a carbon footprint that is hard to shrink", "doubts about how green solar panels really are", "a roof partly shaded by mature trees"]',
 '{"age_range": "30-45", "household_income": "$95,000-$160,000", "home_type": "suburban two-story home", "decision_driver": "environmental impact"}'),
('30000000-0000-4000-8000-000000000003', 'published', 'Retiree on a Fixed Income', 'Fixed Income',
 '["utility rates rising faster than a fixed income", "a payback period that may outlast your time in the home", "high-pressure sales visits"]',
 '{"age_range": "62-80", "household_income": "$40,000-$70,000", "home_type": "paid-off single-story home", "decision_driver": "predictable costs"}')
ON CONFLICT (id) DO NOTHING;

INSERT INTO avatar_variants (id, status, name, prompt_modifier) VALUES
('31000000-0000-4000-8000-000000000001', 'published', 'Plain-Spoken',
 'Short sentences and everyday words; no jargon; explain every number the first time it appears.'),
('31000000-0000-4000-8000-000000000002', 'published', 'Numbers-First',
 'Open each section with a concrete figure; give ranges and state the assumptions behind them.')
ON CONFLICT (id) DO NOTHING;

-- Title patterns (pattern_logic is a title template) --------------------------------------------

INSERT INTO cartesian_patterns (id, status, name, pattern_logic) VALUES
('40000000-0000-4000-8000-000000000001', 'published', 'Cost question',
 $t${How Much Do|What Do} {Solar Panels|Home Solar Systems|Rooftop Solar Systems} Cost in {City}, {State}? {Year} {Prices|Pricing|Cost Breakdown|Price Guide}$t$),
('40000000-0000-4000-8000-000000000002', 'published', 'Worth it',
 $t$Is {Niche} {Worth It|a Good Investment|Worth the Money} in {City}, {State}? {An Honest|A Practical|A No-Nonsense|A Straight} {Answer|Look} for {Year}$t$),
('40000000-0000-4000-8000-000000000003', 'published', 'Installer checklist',
 $t${City} {Solar Installers|Solar Companies|Solar Contractors}: {How to Compare Quotes|5 Questions to Ask|What to Check|Red Flags to Spot} {Before You Sign|Before You Buy|in {Year}}$t$)
ON CONFLICT (id) DO NOTHING;

-- Offer blocks (templates; the generator puts one before the conclusion) --------------------------

INSERT INTO offer_blocks (id, status, name, html_content) VALUES
('50000000-0000-4000-8000-000000000001', 'published', 'Free Solar Assessment',
 $t$<aside class="cf-offer"><h3>{Free|No-Cost} Solar Assessment for {City} Homeowners</h3><p>{Site_Name} will review your roof, shading and last twelve months of electric bills, then send a written estimate of system size, cost and savings. No pressure and no obligation.</p><p><a href="/free-assessment">{Book|Schedule} your assessment</a></p></aside>$t$),
('50000000-0000-4000-8000-000000000002', 'published', 'Solar Savings Report',
 $t$<aside class="cf-offer"><h3>Get Your {City} Solar Savings Report</h3><p>Tell us your average monthly bill and we will {model|estimate} your first-year savings, payback period and twenty-year return using {State} utility rates.</p><p><a href="/savings-report">{Request|Get} my report</a></p></aside>$t$)
ON CONFLICT (id) DO NOTHING;

-- Places ---------------------------------------------------------------------------------------
-- Populations are 2020 census counts, rounded by the census itself; good enough for samples.

INSERT INTO geo_intelligence (id, status, city, state, population) VALUES
('60000000-0000-4000-8000-000000000001', 'published', 'Austin', 'Texas', 961855),
('60000000-0000-4000-8000-000000000002', 'published', 'San Antonio', 'Texas', 1434625),
('60000000-0000-4000-8000-000000000003', 'published', 'Phoenix', 'Arizona', 1608139),
('60000000-0000-4000-8000-000000000004', 'published', 'Tampa', 'Florida', 384959)
ON CONFLICT (id) DO NOTHING;

INSERT INTO locations_states (id, name, code) VALUES
('70000000-0000-4000-8000-000000000001', 'Texas', 'TX'),
('70000000-0000-4000-8000-000000000002', 'Arizona', 'AZ'),
('70000000-0000-4000-8000-000000000003', 'Florida', 'FL')
ON CONFLICT (id) DO NOTHING;

INSERT INTO locations_counties (id, name, state, population) VALUES
('71000000-0000-4000-8000-000000000001', 'Travis County', '70000000-0000-4000-8000-000000000001', 1290188),
('71000000-0000-4000-8000-000000000002', 'Bexar County', '70000000-0000-4000-8000-000000000001', 2009324),
('71000000-0000-4000-8000-000000000003', 'Maricopa County', '70000000-0000-4000-8000-000000000002', 4420568),
('71000000-0000-4000-8000-000000000004', 'Pima County', '70000000-0000-4000-8000-000000000002', 1043433),
('71000000-0000-4000-8000-000000000005', 'Hillsborough County', '70000000-0000-4000-8000-000000000003', 1459762),
('71000000-0000-4000-8000-000000000006', 'Orange County', '70000000-0000-4000-8000-000000000003', 1429908)
ON CONFLICT (id) DO NOTHING;

INSERT INTO locations_cities (id, name, state, county, population) VALUES
('72000000-0000-4000-8000-000000000001', 'Austin', '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000001', 961855),
('72000000-0000-4000-8000-000000000002', 'San Antonio', '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000002', 1434625),
('72000000-0000-4000-8000-000000000003', 'Phoenix', '70000000-0000-4000-8000-000000000002', '71000000-0000-4000-8000-000000000003', 1608139),
('72000000-0000-4000-8000-000000000004', 'Tucson', '70000000-0000-4000-8000-000000000002', '71000000-0000-4000-8000-000000000004', 542629),
('72000000-0000-4000-8000-000000000005', 'Tampa', '70000000-0000-4000-8000-000000000003', '71000000-0000-4000-8000-000000000005', 384959),
('72000000-0000-4000-8000-000000000006', 'Orlando', '70000000-0000-4000-8000-000000000003', '71000000-0000-4000-8000-000000000006', 307573)
ON CONFLICT (id) DO NOTHING;
