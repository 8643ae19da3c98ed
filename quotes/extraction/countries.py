"""Countries as the news names them: ISO code -> the qualifier a role takes ("the Turkish
leader", "the Kremlin chief"), and the names, capitals and metonyms that stand for it.

The qualifier is the one word (or phrase) that `mentions` keeps for a place: "Turkey",
"Ankara", "Turkish" and "Türkiye" all become "turkish", so "the Turkish president" fits a
leader whose directory country is TR.
"""

# code | qualifier | other words for the country, its capital and seats of power (";"-separated)
_TABLE = """
AF|afghan|afghanistan;kabul;taliban
AL|albanian|albania;tirana
DZ|algerian|algeria;algiers
AD|andorran|andorra
AO|angolan|angola;luanda
AG|antiguan|antigua and barbuda;antigua
AR|argentine|argentina;argentinian;buenos aires;casa rosada
AM|armenian|armenia;yerevan
AU|australian|australia;canberra
AT|austrian|austria;vienna
AZ|azerbaijani|azerbaijan;baku
BS|bahamian|bahamas;nassau
BH|bahraini|bahrain;manama
BD|bangladeshi|bangladesh;dhaka
BB|barbadian|barbados;bridgetown
BY|belarusian|belarus;minsk
BE|belgian|belgium
BZ|belizean|belize
BJ|beninese|benin;cotonou
BT|bhutanese|bhutan;thimphu
BO|bolivian|bolivia;la paz
BA|bosnian|bosnia and herzegovina;bosnia;sarajevo
BW|botswanan|botswana;gaborone
BR|brazilian|brazil;brasilia;brasília;planalto
BN|bruneian|brunei
BG|bulgarian|bulgaria;sofia
BF|burkinabe|burkina faso;ouagadougou
BI|burundian|burundi
KH|cambodian|cambodia;phnom penh
CM|cameroonian|cameroon;yaounde;yaoundé
CA|canadian|canada;ottawa
CV|cape verdean|cape verde;cabo verde
CF|central african|central african republic;bangui
TD|chadian|chad;n'djamena
CL|chilean|chile;santiago
CN|chinese|china;beijing;zhongnanhai
CO|colombian|colombia;bogota;bogotá
KM|comorian|comoros
CG|congolese|republic of the congo;brazzaville
CD|congolese|democratic republic of the congo;drc;kinshasa;congo
CR|costa rican|costa rica;san jose
CI|ivorian|ivory coast;côte d'ivoire;cote d'ivoire;abidjan
HR|croatian|croatia;zagreb
CU|cuban|cuba;havana
CY|cypriot|cyprus;nicosia
CZ|czech|czech republic;czechia;prague
DK|danish|denmark;copenhagen
DJ|djiboutian|djibouti
DM|dominican|dominica
DO|dominican|dominican republic;santo domingo
EC|ecuadorian|ecuador;quito
EG|egyptian|egypt;cairo
SV|salvadoran|el salvador;san salvador
GQ|equatoguinean|equatorial guinea;malabo
ER|eritrean|eritrea;asmara
EE|estonian|estonia;tallinn
SZ|swazi|eswatini;swaziland
ET|ethiopian|ethiopia;addis ababa
EU|european|european union;eu;brussels
FJ|fijian|fiji;suva
FI|finnish|finland;helsinki
FR|french|france;paris;elysee;élysée
GA|gabonese|gabon;libreville
GM|gambian|gambia;the gambia;banjul
GE|georgian|georgia;tbilisi
DE|german|germany;berlin
GH|ghanaian|ghana;accra
GR|greek|greece;athens
GD|grenadian|grenada
GT|guatemalan|guatemala
GN|guinean|guinea;conakry
GW|bissau-guinean|guinea-bissau;bissau
GY|guyanese|guyana;georgetown
HT|haitian|haiti;port-au-prince
HN|honduran|honduras;tegucigalpa
HU|hungarian|hungary;budapest
IS|icelandic|iceland;reykjavik
IN|indian|india;new delhi;delhi
ID|indonesian|indonesia;jakarta
IR|iranian|iran;tehran;islamic republic
IQ|iraqi|iraq;baghdad
IE|irish|ireland;dublin
IL|israeli|israel;jerusalem
IT|italian|italy;rome;palazzo chigi
JM|jamaican|jamaica;kingston
JP|japanese|japan;tokyo
JO|jordanian|jordan;amman
KZ|kazakh|kazakhstan;astana
KE|kenyan|kenya;nairobi
KI|i-kiribati|kiribati
KP|north korean|north korea;pyongyang;dprk
KR|south korean|south korea;seoul;korea
XK|kosovar|kosovo;pristina
KW|kuwaiti|kuwait
KG|kyrgyz|kyrgyzstan;bishkek
LA|lao|laos;vientiane
LV|latvian|latvia;riga
LB|lebanese|lebanon;beirut
LS|basotho|lesotho;maseru
LR|liberian|liberia;monrovia
LY|libyan|libya;tripoli
LI|liechtensteiner|liechtenstein
LT|lithuanian|lithuania;vilnius
LU|luxembourgish|luxembourg
MG|malagasy|madagascar;antananarivo
MW|malawian|malawi;lilongwe
MY|malaysian|malaysia;kuala lumpur;putrajaya
MV|maldivian|maldives;male
ML|malian|mali;bamako
MT|maltese|malta;valletta
MH|marshallese|marshall islands
MR|mauritanian|mauritania;nouakchott
MU|mauritian|mauritius
MX|mexican|mexico;mexico city
FM|micronesian|micronesia
MD|moldovan|moldova;chisinau
MC|monegasque|monaco
MN|mongolian|mongolia;ulaanbaatar
ME|montenegrin|montenegro;podgorica
MA|moroccan|morocco;rabat
MZ|mozambican|mozambique;maputo
MM|myanmar|myanmar;burma;burmese;naypyitaw
NA|namibian|namibia;windhoek
NR|nauruan|nauru
NP|nepali|nepal;kathmandu;nepalese
NL|dutch|netherlands;the hague;amsterdam;holland
NZ|new zealand|new zealand;wellington
NI|nicaraguan|nicaragua;managua
NE|nigerien|niger;niamey
NG|nigerian|nigeria;abuja
MK|macedonian|north macedonia;macedonia;skopje
NO|norwegian|norway;oslo
OM|omani|oman;muscat
PK|pakistani|pakistan;islamabad
PW|palauan|palau
PS|palestinian|palestine;ramallah;palestinian authority
PA|panamanian|panama
PG|papua new guinean|papua new guinea;port moresby
PY|paraguayan|paraguay;asuncion;asunción
PE|peruvian|peru;lima
PH|filipino|philippines;manila;philippine;malacañang;malacanang
PL|polish|poland;warsaw
PT|portuguese|portugal;lisbon
QA|qatari|qatar;doha
RO|romanian|romania;bucharest
RU|russian|russia;moscow;kremlin
RW|rwandan|rwanda;kigali
KN|kittitian|saint kitts and nevis
LC|saint lucian|saint lucia
VC|vincentian|saint vincent and the grenadines
WS|samoan|samoa;apia
SM|sammarinese|san marino
ST|santomean|sao tome and principe
SA|saudi|saudi arabia;riyadh
SN|senegalese|senegal;dakar
RS|serbian|serbia;belgrade
SC|seychellois|seychelles
SL|sierra leonean|sierra leone;freetown
SG|singaporean|singapore
SK|slovak|slovakia;bratislava
SI|slovenian|slovenia;ljubljana
SB|solomon islands|solomon islands;honiara
SO|somali|somalia;mogadishu
ZA|south african|south africa;pretoria;cape town
SS|south sudanese|south sudan;juba
ES|spanish|spain;madrid;moncloa
LK|sri lankan|sri lanka;colombo
SD|sudanese|sudan;khartoum
SR|surinamese|suriname;paramaribo
SE|swedish|sweden;stockholm
CH|swiss|switzerland;bern;berne
SY|syrian|syria;damascus
TW|taiwanese|taiwan;taipei
TJ|tajik|tajikistan;dushanbe
TZ|tanzanian|tanzania;dodoma;dar es salaam
TH|thai|thailand;bangkok
TL|timorese|east timor;timor-leste;dili
TG|togolese|togo;lome;lomé
TO|tongan|tonga
TT|trinidadian|trinidad and tobago;trinidad
TN|tunisian|tunisia;tunis
TR|turkish|turkey;türkiye;turkiye;ankara
TM|turkmen|turkmenistan;ashgabat
TV|tuvaluan|tuvalu
UG|ugandan|uganda;kampala
UA|ukrainian|ukraine;kyiv;kiev
AE|emirati|united arab emirates;uae;abu dhabi
GB|british|united kingdom;uk;u.k.;britain;great britain;london;downing street;england
US|us|united states;u.s.;us;usa;america;american;washington;white house
UY|uruguayan|uruguay;montevideo
UZ|uzbek|uzbekistan;tashkent
VU|ni-vanuatu|vanuatu;port vila
VA|vatican|vatican;holy see;vatican city
VE|venezuelan|venezuela;caracas;miraflores
VN|vietnamese|vietnam;viet nam;hanoi
YE|yemeni|yemen;sanaa;sana'a
ZM|zambian|zambia;lusaka
ZW|zimbabwean|zimbabwe;harare
"""

#: ISO code -> the qualifier its leaders answer to.
QUALIFIER_OF_COUNTRY: dict[str, str] = {}
#: any word for a country (name, demonym, capital, seat of power) -> its qualifier.
COUNTRY_WORDS: dict[str, str] = {}

for _line in _TABLE.strip().splitlines():
    _code, _qualifier, _words = _line.split("|")
    QUALIFIER_OF_COUNTRY[_code] = _qualifier
    COUNTRY_WORDS.setdefault(_qualifier, _qualifier)
    for _word in _words.split(";"):
        COUNTRY_WORDS.setdefault(_word, _qualifier)
