"""What synthetic networks are made of: names, places, trades and notes (see ``seed``).

The demo network keeps to ``sample_names``; a synthetic database of tens of
thousands draws from the larger stock here, so that it looks like a real
address book to the code that searches, matches and de-duplicates it:
thousands of distinct family names (real ones and ones composed from common
English parts), a few hundred given names, dozens of towns, and some forty
trades with what each offers and needs.
"""

from __future__ import annotations

from netdesk.domain.sample_names import CITIES, FAMILY_NAMES, GIVEN_NAMES, TRADES

# (titles, offers, typical needs, organisation suffixes), as in sample_names.TRADES
Trade = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _words(text: str) -> list[str]:
    return text.split()


MORE_GIVEN_NAMES = _words("""
Aaron Abigail Adrian Agnes Ahmad Aidan Alan Albert Alejandro Alexander Alexandra Alice Alicia
Allison Alma Alvaro Amelia Amy Andrea Andrew Angela Anita Ann Anna Anne Anthony Antonio April
Arjun Arthur Ashley Audrey Austin Barbara Benjamin Bernard Beth Bradley Brandon Brenda Brian
Brittany Bruce Bryan Caleb Cameron Camille Carl Carla Carmen Caroline Carol Catherine Cecilia
Charles Charlotte Cheryl Christian Christina Christine Christopher Cindy Claire Clara Colin
Connor Craig Cynthia Dale Damian Danielle Darren David Dean Deborah Denise Dennis Derek Diana
Dominic Donald Donna Dylan Edward Eileen Elaine Eleanor Elizabeth Ellen Emily Eric Erin Ethan
Eugene Evan Evelyn Fatima Fernando Frances Francis Frank Gary Gavin George Gerald Gloria Gordon
Greg Gregory Hannah Harold Harry Heather Helen Henry Holly Howard Irene Isaac Jacob Jacqueline
James Janet Janice Jason Jeffrey Jennifer Jeremy Jessica Joan Joanne Joel John Jordan Joseph
Joshua Joyce Juan Judith Julian Julie Justin Karen Katherine Kathleen Keith Kelly Kenneth Kevin
Kimberly Kyle Laura Lauren Lawrence Linda Lisa Logan Louis Louise Lucas Luis Lydia Madison
Manuel Margaret Maria Marie Marilyn Mark Martha Martin Mary Matthew Megan Melissa Michael
Michelle Miguel Monica Nancy Natalie Nathan Neil Nicholas Nicole Noel Oliver Owen Pamela Patricia
Patrick Paul Paula Peter Philip Rachel Ralph Randy Raymond Rebecca Richard Rita Robert Robin
Roger Ronald Ruth Ryan Samantha Samuel Sandra Sarah Scott Sean Sharon Shirley Simon Stephanie
Stephen Steven Susan Tanya Teresa Thomas Timothy Tina Todd Tracy Travis Tyler Valerie Vanessa
Vincent Virginia Walter Wayne William Xavier Yvonne Zachary Ayesha Bilal Chidi Dao Emeka Farid
Hamza Hui Ifeoma Jae Kwame Lakshmi Mei Minh Nasrin Oluwaseun Parisa Qing Rohan Sakura Sunil
Tendai Uche Vikram Xiu Yan Yuki Zainab
""")

# common English endings that make a family name of most of these starts
_FAMILY_STARTS = _words("""
Ash Bal Bark Bel Bent Berk Black Bram Bran Brook Burn Cal Cam Carl Chad Chat Cor Cran Dal Dar Den
Dor Dray Ed El Elm Fair Farn Fen Ford Gal Gar Glad Glen Gold Gran Gren Hal Ham Har Hart Hay Hol
Hum Kel Ken Kin Lang Lind Lock Mal Mar Mer Mor Nor Oak Pen Pres Rad Ram Red Ros Rut Sal Shel
Stan Stock Strat Sut Tal Thorn Tre Wal War Wel West Whit Win Wood Yar
""")
_FAMILY_ENDINGS = _words("""
by croft dale den ell er ford gate ham hurst ington ley lin low man mont more ner rick ridge
sby sen son stead ston ter ton well wick worth
""")

MORE_CITIES = (
    "Ayr",
    "Baden",
    "Brantford",
    "Breslau",
    "Burlington",
    "Conestogo",
    "Drayton",
    "Elora",
    "Fergus",
    "Goderich",
    "Hamilton",
    "Hespeler",
    "Ingersoll",
    "Listowel",
    "London",
    "Milton",
    "Mississauga",
    "Mount Forest",
    "New Hamburg",
    "Niagara Falls",
    "Oakville",
    "Orangeville",
    "Owen Sound",
    "Paris",
    "Preston",
    "Rockwood",
    "Shakespeare",
    "Simcoe",
    "St. Catharines",
    "St. Marys",
    "Tavistock",
    "Toronto",
    "Wellesley",
    "Woodstock",
)
SEED_CITIES = tuple(CITIES) + MORE_CITIES

MORE_TRADES: dict[str, Trade] = {
    "plumber": (
        ("Plumber", "Master Plumber"),
        ("plumbing repairs", "water heater installation", "drain cleaning"),
        ("a contractor", "a bookkeeper", "a web developer"),
        ("Plumbing", "Plumbing & Heating"),
    ),
    "electrician": (
        ("Electrician", "Electrical Contractor"),
        ("electrical work", "panel upgrades", "EV charger installation"),
        ("a contractor", "an insurance broker"),
        ("Electric", "Electrical Services"),
    ),
    "dentist": (
        ("Dentist", "Dental Hygienist"),
        ("family dentistry", "teeth whitening", "dental implants"),
        ("a marketing consultant", "an accountant", "a web developer"),
        ("Dental", "Dental Centre", "Smiles"),
    ),
    "chiropractor": (
        ("Chiropractor",),
        ("chiropractic care", "sports injury treatment", "posture assessments"),
        ("a massage therapist", "a personal trainer", "a graphic designer"),
        ("Chiropractic", "Wellness Clinic"),
    ),
    "massage": (
        ("Registered Massage Therapist",),
        ("massage therapy", "deep tissue massage", "prenatal massage"),
        ("a chiropractor", "a bookkeeper"),
        ("Massage", "Wellness"),
    ),
    "trainer": (
        ("Personal Trainer", "Fitness Coach"),
        ("personal training", "group fitness classes", "nutrition coaching"),
        ("a chiropractor", "a photographer", "a web developer"),
        ("Fitness", "Training Studio"),
    ),
    "caterer": (
        ("Caterer", "Chef", "Event Chef"),
        ("catering", "corporate lunches", "wedding catering"),
        ("an event planner", "a florist", "a photographer"),
        ("Catering", "Kitchen", "Fine Foods"),
    ),
    "florist": (
        ("Florist", "Floral Designer"),
        ("flower arrangements", "wedding flowers", "corporate floral service"),
        ("an event planner", "a caterer", "a photographer"),
        ("Flowers", "Floral", "Blooms"),
    ),
    "events": (
        ("Event Planner", "Wedding Planner"),
        ("event planning", "wedding planning", "conference logistics"),
        ("a caterer", "a florist", "a photographer", "a printer"),
        ("Events", "Occasions"),
    ),
    "interior": (
        ("Interior Designer", "Home Stager"),
        ("interior design", "home staging", "colour consultations"),
        ("a contractor", "a realtor", "a photographer"),
        ("Interiors", "Design House"),
    ),
    "landscaper": (
        ("Landscaper", "Landscape Designer"),
        ("landscaping", "lawn care", "snow removal"),
        ("a contractor", "a realtor", "a bookkeeper"),
        ("Landscaping", "Lawn & Garden"),
    ),
    "cleaner": (
        ("Owner", "Cleaning Manager"),
        ("office cleaning", "house cleaning", "move-out cleaning"),
        ("a realtor", "property managers", "a bookkeeper"),
        ("Cleaning", "Maids", "Janitorial"),
    ),
    "movers": (
        ("Moving Coordinator", "Owner"),
        ("residential moving", "office moves", "storage"),
        ("a realtor", "a mortgage broker"),
        ("Movers", "Moving & Storage"),
    ),
    "travel": (
        ("Travel Advisor", "Travel Agent"),
        ("travel planning", "corporate travel", "group tours"),
        ("a photographer", "a web developer"),
        ("Travel", "Journeys", "Getaways"),
    ),
    "seo": (
        ("SEO Specialist", "Digital Marketer"),
        ("search engine optimization", "Google Ads", "local SEO"),
        ("a web developer", "a copywriter", "a graphic designer"),
        ("Marketing", "Digital Growth", "Media"),
    ),
    "social": (
        ("Social Media Manager", "Marketing Consultant"),
        ("social media marketing", "content calendars", "Instagram ads"),
        ("a photographer", "a videographer", "a copywriter"),
        ("Social", "Marketing Co."),
    ),
    "translator": (
        ("Translator", "Interpreter"),
        ("French translation", "document translation", "interpreting"),
        ("a lawyer", "an immigration consultant"),
        ("Translations", "Language Services"),
    ),
    "hr": (
        ("HR Consultant", "Recruiter"),
        ("HR consulting", "recruiting", "employee handbooks"),
        ("a payroll service", "a lawyer", "a business coach"),
        ("HR", "Talent", "People Partners"),
    ),
    "architect": (
        ("Architect", "Architectural Technologist"),
        ("architectural design", "building permits", "custom homes"),
        ("a contractor", "an engineer", "a realtor"),
        ("Architects", "Architecture"),
    ),
    "engineer": (
        ("Structural Engineer", "Civil Engineer"),
        ("structural engineering", "site plans", "building inspections"),
        ("an architect", "a contractor"),
        ("Engineering", "Consulting Engineers"),
    ),
    "mechanic": (
        ("Mechanic", "Service Manager"),
        ("auto repair", "winter tires", "fleet maintenance"),
        ("an insurance broker", "a bookkeeper"),
        ("Auto", "Automotive", "Garage"),
    ),
    "roofer": (
        ("Roofer", "Roofing Contractor"),
        ("roof repair", "roof replacement", "eavestroughs"),
        ("a home inspector", "an insurance broker", "a realtor"),
        ("Roofing", "Roof Pros"),
    ),
    "painter": (
        ("Painter", "Painting Contractor"),
        ("interior painting", "exterior painting", "drywall repair"),
        ("an interior designer", "a realtor", "a contractor"),
        ("Painting", "Painters"),
    ),
    "vet": (
        ("Veterinarian", "Vet Tech"),
        ("veterinary care", "pet dental care", "house calls for pets"),
        ("a web developer", "a bookkeeper", "a graphic designer"),
        ("Animal Hospital", "Veterinary Clinic", "Pet Care"),
    ),
    "immigration": (
        ("Immigration Consultant",),
        ("immigration consulting", "work permits", "study permits"),
        ("a translator", "a lawyer", "a realtor"),
        ("Immigration", "Visa Services"),
    ),
}
SEED_TRADES = {**TRADES, **MORE_TRADES}

# shorter and variant forms of a given name, for duplicates that are one person
NICKNAMES = {
    "Alexander": "Alex",
    "Alexandra": "Alex",
    "Andrew": "Andy",
    "Anthony": "Tony",
    "Benjamin": "Ben",
    "Catherine": "Cathy",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "David": "Dave",
    "Deborah": "Debbie",
    "Edward": "Ed",
    "Elizabeth": "Liz",
    "Gregory": "Greg",
    "James": "Jim",
    "Jennifer": "Jen",
    "Jonathan": "Jon",
    "Joseph": "Joe",
    "Joshua": "Josh",
    "Katherine": "Kate",
    "Kenneth": "Ken",
    "Margaret": "Maggie",
    "Matthew": "Matt",
    "Michael": "Mike",
    "Nicholas": "Nick",
    "Patricia": "Pat",
    "Patrick": "Pat",
    "Rebecca": "Becky",
    "Richard": "Rick",
    "Robert": "Bob",
    "Samantha": "Sam",
    "Samuel": "Sam",
    "Stephen": "Steve",
    "Steven": "Steve",
    "Susan": "Sue",
    "Thomas": "Tom",
    "Timothy": "Tim",
    "William": "Bill",
    "Zachary": "Zach",
}

EVENTS = (
    "the Waterloo Business Breakfast",
    "a Chamber of Commerce mixer",
    "the KW Referral Club",
    "a Rotary lunch",
    "the Tech Meetup",
    "a trade show",
    "a charity golf tournament",
    "a friend's barbecue",
)
NOTE_TEMPLATES = (
    "Met at {event}. Wants introductions to {need}.",
    "Referred by a client. Prefers email; slow to answer calls.",
    "Talked about {need} for a new project; follow up in spring.",
    "Very reliable. Sent two clients my way last year.",
    "Moving the office to {city} next year.",
    "Her brother is {need_person}; could make an introduction.",
    "His partner runs a shop in {city}.",
    "Sits on the board of the food bank. Coffee person, not lunch.",
    "Knows everyone in {city}. Great connector.",
    "Asked about {need}; I promised to look around.",
    "Quiet at events but very good at what they do.",
    "Met at {event}; follow up about a referral partnership.",
)
HOW_WE_MET = (
    "breakfast group",
    "introduced by a client",
    "met at {event}",
    "cold email",
    "neighbours",
    "LinkedIn",
    "school parents",
)


def family_names() -> list[str]:
    """The real family names first, then the composed ones (thousands in all)."""
    composed = [start + ending for start in _FAMILY_STARTS for ending in _FAMILY_ENDINGS]
    seen = set(FAMILY_NAMES)
    return list(FAMILY_NAMES) + [name for name in composed if name not in seen]


def given_names() -> list[str]:
    seen = set(GIVEN_NAMES)
    return list(GIVEN_NAMES) + [name for name in MORE_GIVEN_NAMES if name not in seen]
