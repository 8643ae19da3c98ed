"""Words for synthetic statements, most frequent first (see quotes.ops.generate).

Function words lead, as they do in any English text; then the language of politics and
diplomacy; then general words. Regular verbs and nouns are inflected here, so the record holds
"retaliate", "retaliates", "retaliated" and "retaliating" as real text does.
"""

FUNCTION_WORDS = """
the of and to a in that is we it for not will be this on with our are have as they
by at all from has but you their was he his an or what there who would must can
which been more no one do us about if so my them its when people i were also than
only now any should very these those because how why out up new other every may even
just never against into over after before again still here where between both such
much many most those own same too under until while through during without within
upon whether yet once each few less least nothing something everything anyone nobody
""".split()

VERBS = """
achieve address agree allow announce answer appeal approve argue arrive assure attack
believe belong call care change claim close condemn confirm consider continue count
create cross decide declare defend demand deny deserve destroy discuss dismiss end
ensure expect explain extend face fear follow force form guarantee happen help hope
ignore impose improve include increase insist intend invest invite join judge kill
launch learn listen live look maintain manage matter move need negotiate offer open
oppose order pass perform play pledge prepare present preserve press prevent produce
promise protect prove provide publish pursue raise reach react receive recognise reduce
reform refuse reject release remain remember remove repeat replace report represent
request require resolve respect respond restore retaliate return reveal rule save
secure seek serve settle share show sign solve start stay strengthen suffer supply
support suspend talk target thank threaten trade train travel trust try undermine unite
urge use violate visit vote wait want warn welcome work worry
""".split()

# Irregular verbs and those that double a consonant, with their forms written out.
IRREGULAR_VERBS = """
build builds built building choose chooses chose chosen choosing fight fights fought
fighting keep keeps kept keeping lead leads led leading leave leaves left leaving lose
loses lost losing mean means meant meaning meet meets met meeting pay pays paid paying
send sends sent sending speak speaks spoke spoken speaking stand stands stood standing
tell tells told telling understand understands understood understanding win wins won
winning withdraw withdraws withdrew withdrawn withdrawing commit commits committed
committing plan plans planned planning stop stops stopped stopping admit admits admitted
admitting know knows knew known knowing think thinks thought thinking say says said
saying go goes went gone going come comes came coming make makes made making take takes
took taken taking give gives gave given giving see sees saw seen seeing find finds found
finding begin begins began begun beginning bring brings brought bringing hold holds held
holding run runs ran running sell sells sold selling buy buys bought buying break breaks
broke broken breaking forget forgets forgot forgotten forgetting forgive forgives forgave
forgiven get gets got getting put puts putting set sets setting cut cuts cutting hit hits
hitting
""".split()

NOUNS = """
country people government nation war peace world state president minister leader year
time day week month history security army force border region election vote law right
freedom democracy economy market price tax budget job worker family child woman man
citizen partner ally enemy threat attack weapon missile drone strike ceasefire talk
agreement treaty deal sanction tariff trade export import energy gas oil grain food
water climate crisis conflict victory defeat territory city village capital parliament
congress senate court judge constitution reform policy plan strategy decision question
answer truth lie friend neighbour refugee prisoner soldier officer general commander
troop operation mission aid loan debt bank investment company industry factory farmer
road bridge port railway hospital school university student teacher doctor health
vaccine virus disease pandemic church faith god future past generation nuclear power
meeting summit conference visit call message letter statement speech interview press
journalist media network platform campaign party opposition coalition majority
minority union council committee commission agency service police crime corruption
justice prison sentence trial investigation evidence report document record hand voice
heart mind life death blood fire land sea sky sun border wall gate line front step
""".split()

ADJECTIVES = """
good great strong free fair new old big small long short high low real true false
clear open full whole important serious difficult possible impossible necessary
ready able sure certain great national international foreign domestic global local
military economic political social historic legal illegal public private common
special strategic nuclear peaceful dangerous terrible wonderful beautiful proud
independent sovereign united european american russian chinese ukrainian african
asian arab latin western eastern northern southern new young early late recent
final main major minor direct indirect fast slow hard soft rich poor safe stable
responsible unacceptable unprecedented constructive productive frank honest brutal
""".split()

OTHER_WORDS = """
today tomorrow yesterday together already always often sometimes soon later ever
indeed perhaps certainly clearly simply really never again abroad ahead forward back
away home tonight everywhere nowhere above below behind beyond across around toward
first second third last next hundred thousand million billion dozen half percent
north south east west morning evening night spring summer autumn winter january
february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday yes okay well thanks
moscow kyiv washington beijing london paris berlin brussels ankara tehran delhi
tokyo seoul pyongyang jerusalem cairo riyadh doha havana caracas brasilia pretoria
nairobi lagos canberra ottawa mexico warsaw budapest rome madrid lisbon athens vienna
geneva minsk tbilisi baku yerevan kabul islamabad dhaka jakarta manila hanoi bangkok
crimea donbas gaza taiwan kashmir sahel arctic pacific atlantic baltic balkans
nato un eu g7 g20 brics asean opec imf who wto osce iaea
""".split()

GENERAL_NOUNS = """
ability access account action activity actor advantage advice age air airport amount
analysis animal area arm art article aspect attempt attention audience author authority
balance ball base basis battle beach bed benefit bill bird board boat body bomb book
boss box boy brain branch brand bread brother budget building business button cabinet
camera camp candidate car card career case cash cat category cause centre century chain
chair challenge champion chance chapter character charge chart check chief choice
circle claim class client club coast code coffee college colour column comment
community competition computer concept concern condition contact content context
contract control corner cost council couple course cover credit culture cup currency
customer cycle damage dance danger date daughter deal debate degree delay delegation
demand department deposit design desk detail development device dialogue difference
dinner direction director discussion dispute distance district division dog dollar
door draft dream dress drink driver duty edge editor education effect effort egg
element emergency emotion employee end engine engineer entry environment episode
error estate euro event example exchange exercise experience expert eye fact failure
faith fall fashion father fault feature fee field figure file film finance finger
flag flight floor flow focus foot forest form formula foundation frame fund game
garden gate gift girl glass goal gold grade grant ground group growth guard guest
guide gun habit hall harm hat head hearing heat height hero highway hill hole holiday
horse host hotel hour house housing husband idea image impact income index
influence information initiative injury input insurance interest island issue item
key kind king kitchen knowledge lab labour lady lake language lawyer layer leadership
league lesson level library light limit link list literature loss love machine
magazine manager map margin mark material mayor meal measure memory method middle
mile milk mine mirror mistake mix model moment money mood mother motion mountain
mouth movement movie murder museum music name nature negotiation news note notice
novel number object occasion offer office oil opinion opportunity option organisation
origin output owner page pain painting pair paper parent park part participant passage
passenger path patient pattern payment pension period permission person phase phone
photo picture piece pilot place plant plate player pocket poem point poll population
position post potential pound poverty practice premise presence pressure principle
priority problem procedure process product profit programme progress project property
proposal protest province purpose quality quarter queen race radio range rate reader
reason recognition recovery region relation relief religion rent republic reputation
research reserve resident resource response rest result review reward risk river role
room round route rule safety salary sale sample scale scene schedule science score
screen season seat secret section sector self sense series session share ship shock
shop shoulder side sign signal silence sister site situation size skill society
source space speaker speed sport staff stage standard star station status stock
stone store storm story stranger stream street stress structure struggle style
subject success sugar summary supply surface survey system table tank task team
technology television term test text theory thing threat ticket title topic total
tour tower town track tradition traffic transition transport treatment tree trend
trip trouble unit value version victim view violence vision volume wage wave way
weakness wealth weapon weather weekend weight wife window wing winner wish witness
wood word writer youth zone
""".split()

GENERAL_WORDS = """
able absolute absolutely actual actually additional afraid alive alone angry annual
anxious apparent apparently appropriate available aware basic basically bitter blind
brave brief briefly broad calm careful carefully central cheap civil clean close
closely cold complete completely complex concerned confident conscious correct crazy
critical cruel current currently dark dead dear deep deeply definitely democratic
desperate detailed different directly dirty double easily easy effective
efficient electric emotional empty entire entirely equal equally essential eventually
evil exact exactly excellent exciting existing expensive extra extreme extremely
familiar famous fantastic favourite federal fine firm firmly flat foreign formal
former fortunate frankly fresh friendly frightened funny general generally gentle
genuine glad golden grand grateful guilty happy harsh healthy heavy helpful hidden
historical hot huge human humble hungry ideal immediate immediately increasingly
individual industrial inevitable informal initial innocent inner intelligent intense
internal key kind known large largely leading likely limited literally loud lovely
loyal lucky mad massive mental mere merely mild minimal modern moral mutual naked
narrow natural naturally nearby nearly neat negative nervous normal normally obvious
obviously official okay ordinary original otherwise overall painful particular
particularly patient perfect perfectly permanent personal personally physical plain
pleasant polite popular positive potential powerful practical precious pregnant
present pretty previous primary principal prior probably proper properly quick
quickly quiet quietly rapid rapidly rare rarely rather raw reasonable regional
regular relative relatively relevant reliable religious remarkable remote
respective rough round rural sad scared secret senior sensitive separate severe
sharp silly similar simple sincere single slight slightly smart smooth solid sorry
specific spiritual standard steady strange strict strictly strongly stupid sudden
suddenly sufficient suitable super surprised suspicious sweet technical temporary
terrible thick thin tight tiny tired total totally tough traditional typical ugly
ultimate unable unfair unique unknown unlikely unusual upper urban urgent useful
useless usual usually valuable various vast violent visible vital warm weak wealthy
weird wide widely wild willing wise wonderful wooden worried worse worst worth
wrong
""".split()

RARE_WORDS = """
abrogate accede acquiesce adjudicate adumbrate alacrity ameliorate anathema annex
antebellum apportion arbitrate armistice assuage attrition autarky belligerent
bellicose bilateral blandishment blockade brinkmanship bulwark cabal capitulate
casus cede chauvinism circumvent clemency coerce collusion comity communique
concordat condominium conscription consulate contraband covenant crony culpable
decry demagogue demarche denuclearise deplore detente deterrence dirigiste
disarmament disinformation dissident embargo emigre emissary encroach enmity
entente envoy equivocate escalation espionage exigency expropriate extradite
extraterritorial fait accompli fealty filibuster fractious gerrymander hegemony
hubris impasse imperium impunity incursion indemnity insurgency interlocutor
internecine intransigence irredentism juggernaut junta kleptocracy kowtow largesse
legation machination malfeasance mandate martial mercantile moratorium multilateral
nepotism obfuscate oligarch ombudsman overture pariah perfidy plebiscite plenipotentiary
polemic pogrom populism preemptive proxy quagmire rapprochement realpolitik recalcitrant
reciprocity reparation revanchism sabotage secession sedition sinecure sovereignty
stalemate statecraft subterfuge subversion suzerainty tacit technocrat theocracy
truce tyranny ultimatum unilateral usurp vassal vendetta veto vilify xenophobia zealot
""".split()


def _verb_forms(verb: str) -> list[str]:
    if verb.endswith("e"):
        return [verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "sh", "ch", "x")):
        return [verb + "es", verb + "ed", verb + "ing"]
    return [verb + "s", verb + "ed", verb + "ing"]


def _plural(noun: str) -> str:
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun == "man":
        return "men"
    if noun == "woman":
        return "women"
    if noun == "child":
        return "children"
    return noun + "s"


def _build() -> list[str]:
    words = list(FUNCTION_WORDS)
    # Base forms of content words first, then their inflections: base forms are commoner.
    words += VERBS + NOUNS + ADJECTIVES + OTHER_WORDS + GENERAL_NOUNS
    words += [_plural(noun) for noun in NOUNS]
    for verb in VERBS:
        words += _verb_forms(verb)
    words += IRREGULAR_VERBS
    words += GENERAL_WORDS
    words += [_plural(noun) for noun in GENERAL_NOUNS]
    words += RARE_WORDS
    seen = set()
    unique = []
    for word in words:
        if word not in seen:
            seen.add(word)
            unique.append(word)
    return unique


VOCABULARY: list[str] = _build()
