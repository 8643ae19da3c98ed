"""Word lists the extractor reasons with: speech verbs, titles, roles, institutions, places.

They are plain sets so that an editor who meets a new phrasing in the news can add a word
without touching the logic. Everything is lower case; lookups lower-case first.
"""

import re

# Verbs that introduce or close a quotation. Inflected forms are listed rather than stemmed:
# stemming "says" and "saying" would also catch nouns such as "sayings" and "statement".
_SPEECH_STEMS = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "state": ("state", "states", "stated", "stating"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "post": ("post", "posts", "posted", "posting"),
    "add": ("add", "adds", "added", "adding"),
    "warn": ("warn", "warns", "warned", "warning"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "advise": ("advise", "advises", "advised", "advising"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "ask": ("ask", "asks", "asked", "asking"),
    "reply": ("reply", "replies", "replied", "replying"),
    "respond": ("respond", "responds", "responded", "responding"),
    "note": ("note", "notes", "noted", "noting"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "emphasise": (
        "emphasise",
        "emphasises",
        "emphasised",
        "emphasising",
        "emphasize",
        "emphasizes",
        "emphasized",
        "emphasizing",
    ),
    "explain": ("explain", "explains", "explained", "explaining"),
    # "Ethan discusses the latest events in Zimbabwe, “…”": a blogger's post, quoted
    "discuss": ("discusses",),
    "highlight": ("highlights", "highlighted"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "express": ("express", "expresses", "expressed", "expressing"),
    "issue": ("issued",),
    "speak": ("spoke", "speaks"),
    "assert": ("assert", "asserts", "asserted", "asserting"),
    "underline": ("underline", "underlines", "underlined", "underlining"),
    "urge": ("urge", "urges", "urged", "urging"),
    "pledge": ("pledge", "pledges", "pledged", "pledging"),
    "promise": ("promise", "promises", "promised", "promising"),
    "call": ("call", "calls", "called", "calling"),
    "describe": ("describe", "describes", "described", "describing"),
    "accuse": ("accuse", "accuses", "accused", "accusing"),
    "concede": ("concede", "concedes", "conceded", "conceding"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "remark": ("remark", "remarks", "remarked", "remarking"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "continue": ("continued",),
    # "“…,” he completed": a translation's word for going on
    "complete": ("completed",),
    "conclude": ("conclude", "concludes", "concluded", "concluding"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "quip": ("quip", "quips", "quipped"),
    "joke": ("joke", "jokes", "joked", "joking"),
    "complain": ("complain", "complains", "complained", "complaining"),
    "lament": ("lament", "laments", "lamented", "lamenting"),
    "caution": ("caution", "cautions", "cautioned", "cautioning"),
    "reiterate": ("reiterate", "reiterates", "reiterated", "reiterating"),
    "repeat": ("repeat", "repeats", "repeated", "repeating"),
    "maintain": ("maintain", "maintains", "maintained", "maintaining"),
    "counter": ("counter", "counters", "countered", "countering"),
    "retort": ("retort", "retorts", "retorted"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "threaten": ("threaten", "threatens", "threatened", "threatening"),
    "boast": ("boast", "boasts", "boasted", "boasting"),
    "proclaim": ("proclaim", "proclaims", "proclaimed", "proclaiming"),
    "affirm": ("affirm", "affirms", "affirmed", "affirming"),
    "assure": ("assure", "assures", "assured", "assuring"),
    "demand": ("demand", "demands", "demanded", "demanding"),
    "deny": ("deny", "denies", "denied", "denying"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "dub": ("dub", "dubs", "dubbed", "dubbing"),
    "brand": ("brand", "brands", "branded", "branding"),
    "hail": ("hail", "hails", "hailed", "hailing"),
    "mock": ("mock", "mocks", "mocked", "mocking"),
    "blast": ("blast", "blasts", "blasted"),
    "shout": ("shout", "shouts", "shouted", "shouting"),
    "tout": ("tout", "touts", "touted", "touting"),
    "observe": ("observe", "observes", "observed", "observing"),
    "comment": ("comment", "comments", "commented", "commenting"),
    "reflect": ("reflected",),
    "summarise": ("summarised", "summarized"),
    "sum up": ("summed",),  # "“…,” Volodymyr Zelenskyy summed up."
    "answer": ("answered",),
    "cite": ("cite", "cites", "cited", "citing"),
    "quote": ("quote", "quotes", "quoted", "quoting"),
    "report": ("report", "reports", "reported", "reporting"),
    "blame": ("blame", "blames", "blamed", "blaming"),
    "condemn": ("condemn", "condemns", "condemned", "condemning"),
    "denounce": ("denounce", "denounces", "denounced", "denouncing"),
    "criticise": ("criticise", "criticised", "criticize", "criticized"),
    "propose": ("propose", "proposes", "proposed", "proposing"),
    "elaborate": ("elaborates", "elaborated", "elaborating"),
    "react": ("reacts", "reacted"),
    "exclaim": ("exclaim", "exclaims", "exclaimed", "exclaiming"),
    "recount": ("recount", "recounts", "recounted", "recounting"),
    "reveal": ("reveals", "revealed"),
}
SPEECH_VERBS = frozenset(form for forms in _SPEECH_STEMS.values() for form in forms)

# Verbs by which an institution relays what a person said ("KCNA reported Kim as saying").
RELAY_VERBS = frozenset(
    _SPEECH_STEMS["report"]
    + _SPEECH_STEMS["quote"]
    + _SPEECH_STEMS["cite"]
    + _SPEECH_STEMS["say"]
    + _SPEECH_STEMS["state"]
    + ("carried", "published", "released", "issued", "paraphrased")
)

# Verbs of judgement that put a short fragment in a person's mouth without saying so:
# "Trump determined that Putin is not ready for 'immediate peace'".
STANCE_VERBS = frozenset(
    """determined concluded believes believed thinks thought feels felt considers considered
    sees saw regards regarded judged judges decided decides hopes hoped expects expected
    wants wanted rejected rejects dismissed dismisses welcomed welcomes praised praises
    vowed pledged promised sought seeks backed backs supports supported opposes opposed
    reaffirmed reaffirms blamed blames accused accuses""".split()
)

# Words that mark a quotation as the reporter's ironic distance, not anyone's words.
SCARE_MARKERS = frozenset({"so-called", "supposed", "alleged", "self-styled", "self-declared"})

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mx"})
# An honorific written before a surname ("Mr Brown", "Dr. Chung"), as a regular expression.
HONORIFIC_BEFORE_NAME = r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+"
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess"})
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince", "pope", "emir", "sultan"})

# Capitalised words that precede a name as a title ("Prime Minister Keir Starmer").
TITLE_WORDS = (
    frozenset(
        """president prime minister chancellor king queen emperor empress emir sheikh sultan
    ministers presidents premiers chancellors
    crown prince princess premier vice deputy supreme leader secretary general foreign
    defence defense finance interior state senator governor ambassador spokesman
    spokeswoman spokesperson chairman chairwoman chair commissioner commission director
    chief envoy adviser advisor aide marshal colonel admiral cardinal archbishop bishop
    ayatollah grand duke duchess taoiseach tánaiste mayor speaker representative rep sen
    gen col lt minister-president first lady former acting interim security council
    high head commander maj adm brig capt cmdr sgt amb gov gen. pres sec lieutenant major captain
    sergeant army navy marine corps air force military staff joint retired ret commodore
    task honorable hon treasurer attorney solicitor congressman congresswoman mp opposition
    whip majority minority house legislator lawmaker officer executive democrat republican
    pm fm
    broadcaster journalist author actor actress presenter columnist commentator activist
    campaigner economist analyst professor reverend rabbi imam cleric founder ceo monsenor
    monsignor superintendent prosecutor justice judge swami inspector detective sheriff
    constable senior chief-executive administrator emeritus researcher author developer
    manager engineer editor producer curator surgeon doctor nurse coach teacher lawyer
    scientist cosmonaut astronaut assemblywoman assemblyman councillor councilor
    councilwoman councilman co-author co-founder co-developer lead
    lance cpl corporal pvt pfc spc specialist airman seaman petty ensign warrant tech
    technical gunnery master
    """.split()
    )
    | HONORIFICS
    | {"charge", "chargé", "d affaires"}  # "Chargé d’Affaires Jo Ng"
    | {"minster"}  # "First Minster Mark Drakeford": a misprint that spellcheckers let pass
    | {"excellency", "sp", "vp", "brigadier", "cdr"}  # "His Excellency X", "SP Zubiri"
    | {"affairs"}  # "Minister for Foreign Affairs Haavisto": a portfolio before the name
    | {"commissaris"}  # "Commissaris Georgieva": the Dutch title on a Commission page
    | {"undersecretary", "under-secretary"}  # "State Department Undersecretary Kennedy"
    | {"yeoman", "boatswain", "corpsman", "class"}  # "Yeoman 2nd Class Michael D. Rawles"
)

# Abbreviated titles after which ". " does not end a name ("Gen. Mark A. Milley").
ABBREVIATED_TITLES = frozenset(
    "gen adm lt col maj brig capt cmdr sgt cpl pvt pfc spc sen rep gov amb pres sec st prof rev"
    " tech".split()
)

# Role nouns a reporter uses instead of a name ("the Russian president", "the PM").
# Multi-word roles come first so that the longest one wins in the regex alternation.
ROLE_NOUNS = (
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "secretary-general",
    "secretary general",
    "secretary of state",
    "general secretary",
    "crown prince",
    "supreme leader",
    "head of state",
    "head of government",
    "chief of staff",
    "high representative",
    "commission president",
    "president-elect",
    "vice president",
    "vice-president",
    "president",
    "premier",
    "pm",
    "chancellor",
    "pontiff",
    "pope",
    "holy father",
    "king",
    "queen",
    "monarch",
    "emperor",
    "emir",
    "sultan",
    "sheikh",
    "ayatollah",
    "taoiseach",
    "tánaiste",
    "leader",
    "chief",
    "strongman",
    "head",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "secretary",
    "commissioner",
    "archbishop",
    "bishop",
    "cardinal",
    "imam",
    "rabbi",
    "general",
    "admiral",
    "commander",
    "colonel",
    "chairman",
    "senator",
    "governor",
    "mayor",
)
# Roles that belong to one leader whatever the country ("the pontiff" is the pope).
ROLE_SYNONYMS = {
    "pontiff": "pope",
    "holy father": "pope",
    "pm": "prime minister",
    "vice-president": "vice president",
    "premier": "prime minister",
    "head of government": "prime minister",
    "secretary general": "secretary-general",
    "strongman": "leader",
    "chief": "leader",
    "head": "leader",
    "head of state": "head of state",
    "monarch": "king",
    "chairwoman": "chairman",
}
# Roles only a head of state or government holds: the ones a reporter's "the …" may bind
# to a leader of the directory by elimination or by office.
LEADER_ROLES = frozenset(
    {
        "prime minister",
        "president",
        "president-elect",
        "chancellor",
        "pope",
        "king",
        "queen",
        "emperor",
        "emir",
        "sultan",
        "sheikh",
        "crown prince",
        "supreme leader",
        "ayatollah",
        "taoiseach",
        "leader",
    }
)

# Roles that any leader can be called ("the Kremlin leader" is a head of state or government).
GENERIC_ROLES = frozenset({"leader"})
# Roles of people who speak for a leader: never resolved to the leader themselves.
STAFF_ROLES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador", "minister"}
    | {"secretary", "general", "admiral", "commander", "colonel", "chairman", "commissioner"}
    | {"archbishop", "bishop", "cardinal", "imam", "rabbi"}
    | {"foreign minister", "defence minister", "defense minister", "secretary of state"}
)

# Last words of organisations' names: "Ukraine Defense Contact Group" is nobody's name.
# Not "store", which is how "Støre" reads once folded.
ORGANISATION_WORDS = frozenset(
    """school college academy group council committee party union forum agency ministry
    department court bank fund organization organisation alliance association institute
    institution company
    corporation university army forces force command summit conference parliament congress
    senate assembly commission office service services network foundation board authority
    league federation confederation coalition movement front society center centre church news
    times post
    journal agency review guard guards police navy corps bureau administration cabinet
    government embassy mission house hall palace spring revolution war crisis agreement
    treaty accord plan act law day sea island islands strait ocean square park street
    avenue bridge airport station room ballroom province region state states republic kingdom empire
    duchy principality emirate sultanate christmas easter ramadan hanukkah diwali thanksgiving
    statement declaration bakery brewery restaurant cafe café shop hotel farm factory
    museum hospital clinic library gallery theatre theater studio
    city county district valley river mountain mountains summit games cup prize award
    partnership executive nations exercise operation program programme initiative
    strategy doctrine declaration charter article constitution resolution amendment
    clause section international air airlines airways observer politics abuse brigade
    battalion regiment division unit squad herald bulletin entertainment inc ltd corp
    limited studios pictures records medal trophy""".split()
)

# Cities of two or more words, which look like a first name and a surname.
CITIES = frozenset(
    {
        "new york",
        "los angeles",
        "san francisco",
        "san diego",
        "las vegas",
        "new orleans",
        "hong kong",
        "tel aviv",
        "rio de janeiro",
        "sao paulo",
        "são paulo",
        "kuala lumpur",
        "abu dhabi",
        "st petersburg",
        "saint petersburg",
        "el paso",
        "addis ababa",
        "dar es salaam",
        "port moresby",
        "new south wales",
        "west bank",
        "costa rica",
    }
)

# People who speak but are no one in particular: their words are never a leader's.
UNNAMED_SPEAKERS = frozenset(
    """official officials diplomat diplomats source sources analyst analysts expert experts
    aide aides adviser advisers advisor advisors lawmaker lawmakers legislator legislators
    observer observers critic critics resident residents witness witnesses protester
    protesters activist activists economist economists negotiator negotiators spokesman
    spokeswoman spokesperson spokespeople spokespersons insider insiders person people
    participant participants commentator commentators investor investors voter voters
    politician politicians member members opponent opponents supporter supporters
    official's officials' organizers organisers campaigners campaigner blogger bloggers
    researcher researchers scholar scholars professor commander commanders officer officers
    envoy envoys ambassador ambassadors minister ministers ministry""".split()
)

# Occupations written before a name as its title ("Actor Denzel Okafor", "Voter Ida
# Fenwick"): the name that follows is the person, the occupation no part of it.
OCCUPATIONS = frozenset(
    """actor actress singer songwriter musician rapper comedian artist painter sculptor
    author writer novelist poet playwright filmmaker producer director photographer
    lawyer attorney judge coach player athlete teacher student pupil doctor nurse surgeon
    farmer pilot engineer architect designer chef journalist reporter editor columnist
    historian astronaut cosmonaut entrepreneur businessman businesswoman
    voter resident witness protester activist organizer organiser volunteer survivor
    fan cosplayer host presenter broadcaster blogger""".split()
)

# Qualifiers of a role that stand for a country or an institution ("the Kremlin leader").
PLACE_QUALIFIERS = {
    "kremlin": "russian",
    "moscow": "russian",
    "russia": "russian",
    "kyiv": "ukrainian",
    "ukraine": "ukrainian",
    "beijing": "chinese",
    "china": "chinese",
    "washington": "us",
    "white house": "us",
    "american": "us",
    "u.s.": "us",
    "america": "us",
    "united states": "us",
    "britain": "british",
    "uk": "british",
    "downing street": "british",
    "london": "british",
    "paris": "french",
    "elysee": "french",
    "élysée": "french",
    "france": "french",
    "berlin": "german",
    "germany": "german",
    "pyongyang": "north korean",
    "north korea": "north korean",
    "seoul": "south korean",
    "south korea": "south korean",
    "tokyo": "japanese",
    "japan": "japanese",
    "ankara": "turkish",
    "turkey": "turkish",
    "türkiye": "turkish",
    "tehran": "iranian",
    "iran": "iranian",
    "israel": "israeli",
    "jerusalem": "israeli",
    "rome": "italian",
    "italy": "italian",
    "india": "indian",
    "new delhi": "indian",
    "delhi": "indian",
    "vatican": "vatican",
    "brazil": "brazilian",
    "canada": "canadian",
    "ottawa": "canadian",
    "australia": "australian",
    "canberra": "australian",
    "mexico": "mexican",
    "hungary": "hungarian",
    "budapest": "hungarian",
    "poland": "polish",
    "warsaw": "polish",
    "spain": "spanish",
    "madrid": "spanish",
    "argentina": "argentine",
    "argentinian": "argentine",
    "south africa": "south african",
    "nigeria": "nigerian",
    "egypt": "egyptian",
    "saudi arabia": "saudi",
    "saudi": "saudi",
    "venezuela": "venezuelan",
    "belarus": "belarusian",
    "minsk": "belarusian",
    "netherlands": "dutch",
    "the hague": "dutch",
    "greece": "greek",
    "athens": "greek",
    "ireland": "irish",
    "dublin": "irish",
    "kenya": "kenyan",
    "nairobi": "kenyan",
}

# Institutions and media that relay what leaders say. Values: how to name them in output.
INSTITUTIONS = {
    "kremlin": "Kremlin",
    "white house": "White House",
    "elysee": "Elysee",
    "élysée": "Elysee",
    "elysee palace": "Elysee",
    "élysée palace": "Elysee",
    "downing street": "Downing Street",
    "number 10": "Downing Street",
    "vatican": "Vatican",
    "holy see": "Vatican",
    "pentagon": "Pentagon",
    "state department": "State Department",
    "foreign ministry": "Foreign Ministry",
    "defence ministry": "Defence Ministry",
    "defense ministry": "Defense Ministry",
    "chancellery": "Chancellery",
    "blue house": "Blue House",
    "presidential office": "presidential office",
    "presidency": "presidency",
    "government": "government",
    "ministry": "ministry",
    "cabinet office": "Cabinet Office",
    "state media": "state media",
    "state television": "state television",
    "state tv": "state television",
    "state news agency": "state news agency",
    "kcna": "KCNA",
    "korean central news agency": "KCNA",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "xinhua": "Xinhua",
    "yonhap": "Yonhap",
    "irna": "IRNA",
    "anadolu": "Anadolu",
    "wafa": "WAFA",
    "reuters": "Reuters",
    "associated press": "Associated Press",
    "afp": "AFP",
    "bbc": "BBC",
    "cnn": "CNN",
    "voice of america": "Voice of America",
    "wikinews": "Wikinews",
    "voa": "VOA",
    "fox news": "Fox News",
    "al jazeera": "Al Jazeera",
}
# Media relay under their own name; offices relay through a document ("Kremlin statement").
NEWS_AGENCIES = frozenset(
    {
        "KCNA",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Xinhua",
        "Yonhap",
        "IRNA",
        "Anadolu",
        "WAFA",
        "Reuters",
        "Associated Press",
        "AFP",
        "BBC",
        "CNN",
        "Voice of America",
        "VOA",
        "Fox News",
        "Al Jazeera",
        "state media",
        "state television",
        "state news agency",
    }
)
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "readout",
        "report",
        "communique",
        "communiqué",
        "transcript",
        "release",
        "press release",
        "dispatch",
        "summary",
        "account",
        "bulletin",
        "agency",
        "news agency",
    }
)

# Capitalised words that begin sentences or name things, never people.
NON_NAME_WORDS = frozenset(
    """the a an in on at of for to by with from and but or nor so yet as if when while after
    before during since until though although because meanwhile however moreover also then
    this that these those there here it its he she his her they their we our i you your
    asked speaking writing earlier later last next today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december western eastern northern southern north south
    east west european african asian american russian ukrainian chinese british french
    german korean japanese indian israeli palestinian iranian turkish italian spanish
    polish hungarian brazilian canadian australian mexican one two three many some all
    such what which who whom whose where why how despite even still only just both either
    neither not no yes more most less least several according under over between against
    among about into onto upon within without around through across behind beyond near
    like unlike than instead once twice every each any other another following following
    truth social x telegram facebook instagram youtube tiktok afterwards separately
    nevertheless additionally furthermore previously recently currently finally first
    second third thus therefore indeed overall asked elsewhere further let similarly
    likewise notably lastly subsequently consequently laughter applause inaudible
    crosstalk""".split()
)

# Place names: "Moscow said" is an institution speaking, not a person called Moscow.
PLACES = frozenset(
    """moscow kyiv kiev beijing washington london paris berlin tokyo seoul pyongyang tehran
    ankara jerusalem rome brussels warsaw budapest minsk delhi madrid ottawa canberra
    geneva vienna riyadh doha cairo baghdad damascus kabul islamabad taipei hanoi manila
    jakarta russia ukraine china america britain france germany japan korea iran turkey europa
    israel italy india poland hungary belarus europe nato un eu brazil canada australia
    mexico spain gaza taiwan syria iraq qatar egypt alabama alaska arizona arkansas
    california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
    iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont virginia wisconsin wyoming scotland wales england""".split()
)

# Common East Asian family names: for these the family name comes first ("Xi Jinping").
FAMILY_NAME_FIRST = frozenset(
    """xi li kim lee yoon moon park hun wang han choe choi hu wen jiang tsai lai ma zhao
    zhou chen liu yang huang wu sun ko chung shin kang jang nguyen pham vo to tran
    le""".split()
)

FEMALE_FIRST_NAMES = frozenset(
    """giorgia claudia ursula kamala marine sanae kaja mette jacinda theresa angela liz
    droupadi sheikh hasina dina xiomara maia salome sandra mia ingrid katrin magdalena
    sanna petteri julia yulia iryna halimah tsai ing-wen samia ellen joyce sahle-work
    dilma cristina michelle hillary nancy kristalina christine roberta ana maria nicola
    frederiksen yingluck aung san suu kyi gloria corazon benazir indira golda margaret
    sigrid katalin zuzana maia viola vjosa ivana ilir sheinbaum edi dominique
    laura""".split()
) - {"sheikh", "ilir", "edi", "petteri", "ing-wen", "sheinbaum", "frederiksen"}
# Common women's first names of many languages, none a man's name elsewhere that the news
# often prints ("Joan" is a Catalan man's, "Jean-Marie" a Frenchman's): so that "she said"
# after "Deputy Prime Minister Olga Stefanishyna noted …" is hers, not an earlier woman's.
FEMALE_FIRST_NAMES = FEMALE_FIRST_NAMES | frozenset(
    """
    adaeze adriana agnes agnieszka aino aisha akiko alessandra alice alina amanda amelia
    amina aminata amira anja anjali anna annalena anne annegret anneli annie astrid audrey
    ava ayesha aïsha barbara beata beatrice beatriz bente betty birgit birthe brenda
    brigitte busisiwe carmen carol caroline carolyn catherine charlotte cheryl chiara chioma
    chloe christina christine colleen coralee dalia danielle daria darya deborah deepa diane
    dolores donna doris dorota dorothy edith eileen ekaterina elaine elena elina elisa
    elisabeth elise elizabeth ellen eloise emily emma erna esther ethel eva ewa fatima fatma
    federica fernanda fiona frances florence folake francesca funmilayo gabriela gabrielle galina
    gillian gisela giulia gladys grace guadalupe gwen halyna hanna hannah hanne harriet
    heather heike helen helena helga hiba hilde hoda huda hui ilse ingeborg inger irene
    irina isabel isabella isabelle jacqueline jadwiga jane janet jeanne jennifer jessica ji-
    yeon jill joanna joanne johanna josephine joyce judith julie junko kaija kaisa karen
    karin katarzyna kate kateryna katherine kathryn katie katja kavita keiko kerstin khadija
    kirsten kiyomi kristin kristina krystyna ksenia kyoko lakshmi larisa lauren layla leah
    leena leila lene liisa lin linda lindiwe ling lisa liudmyla lorena lorraine louise
    lourdes lucia lucy ludmila luisa lynne lyudmila mabel maggie malgorzata margaret
    margarethe margrethe mariam mariana marie mariko marilyn marina marit marja marta
    martina mary maryam maureen małgorzata meera megawati mei melanie melissa mercy mia
    michelle min-ji miriam molly monica nadezhda nadia nadine naledi naoko naomi natalia
    natalie nataliya natalya natasha ngozi nicole nirmala nomvula nora norma nosiviwe noura
    nurul oksana olena olga olivia paivi pamela paola patricia pauline peggy penelope petra
    pia pilar pirkko polina polly pooja priscilla priti priya päivi rachel ragnhild rania
    rasha rebecca rekha renata retno riitta rosa rosalie rosalind rosemary ruth sabine
    sachiko salma samantha samira sara sarah seiko sharon sheila shirley shobha sigrun
    silvia simona sirpa siti smriti sofia solveig sonia sophia sophie stephanie sunita susan
    susanne sushma suzanne svetlana sylvia tarja tatiana tatyana tetiana thandi thandiwe
    tomoko tracey tulsi tuula ulla ursula valentina valeria vanessa veronica veronika
    victoria viktoria wangari wanjiru wendy winnie yan yasmin yasmine yekaterina yelena
    yetunde yoko yuko yuriko yvonne zainab zeinab zoe zofia""".split()
)

# "Lt. Gen. Ts. Byambajav", "Kh. Battulga": a Mongolian or Russian patronymic's initial,
# written with the two letters that transliterate one Cyrillic letter.
DIGRAPH_INITIALS = frozenset({"ts", "kh", "sh", "ch", "zh", "ya", "yu", "yo"})

# Sentence-final abbreviations that do not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col lt sgt jr sr prof rev sen rep gov no vs etc u.s u.k e.u".split()
)

WORD = re.compile(r"[^\W\d_][\w’'\-]*")
