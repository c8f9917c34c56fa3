"""The words that tell an identifier from a quantity, per language: data, not code.

:mod:`publisher.identifiers` reads prose with one :class:`Vocabulary`: the words that name
a series ("Section 508"), the street types of an address, the suffixes of a time of day,
the words that count or measure (which make a number a quantity). A language is added by
writing its vocabulary and registering it in :data:`VOCABULARIES`; the rules stay as they
are. English is the only one so far, and the one used for any language not registered.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    """What one language's prose uses around numbers. Words are matched as written; a word
    that starts with a capital letter is also matched with a small one ("section 508")."""

    #: Words naming a series, followed by a member's number: "Section 508", "Case No. 1:23-cr-00456".
    series: tuple[str, ...]
    #: Plural series words, which may be followed by several numbers: "Sections 3 and 4".
    series_plural: tuple[str, ...]
    #: Number signs between a series word and its number, or standing alone: "No. 5", "#1".
    number_signs: tuple[str, ...]
    #: Words that join the numbers of a plural series: "3 and 4", "12 through 14".
    joiners: tuple[str, ...]
    #: The last word of a street name, after the house number: "1200 Main Street".
    street_types: tuple[str, ...]
    #: A compass point before or after a street name: "100 N. Main St.", "1600 Pennsylvania Avenue NW".
    directions: tuple[str, ...]
    #: Regions written before a postal code: "IL 62701".
    postal_regions: tuple[str, ...]
    #: Suffixes of a time of day: "10 a.m.".
    time_suffixes: tuple[str, ...]
    #: Words after which a short number is a phone number: "call 211", "text 741741".
    phone_words: tuple[str, ...]
    #: Codes of law citations, written between two numbers: "42 U.S.C. 1983".
    citation_codes: tuple[str, ...]
    #: Month names and their abbreviations: a day or a year beside one makes a date.
    months: tuple[str, ...]
    #: Suffixes of an ordinal number: "19th".
    ordinal_suffixes: tuple[str, ...]
    #: Fixed expressions written with digits: "24/7".
    idioms: tuple[str, ...]
    #: Words before a number that make it an estimate of a quantity: "nearly 300".
    qualifiers: tuple[str, ...]
    #: Scale words after a number: "44 million".
    scales: tuple[str, ...]
    #: Scale abbreviations glued to a number: "44M", "2bn".
    scale_abbreviations: tuple[str, ...]
    #: Words that measure: "6 months", "300 pounds".
    measures: tuple[str, ...]
    #: Measure abbreviations glued to a number: "10mg", "5km".
    measure_abbreviations: tuple[str, ...]
    #: Words for "percent" after a number.
    percent_words: tuple[str, ...]


ENGLISH = Vocabulary(
    series=(
        # law and government
        "Section", "Sec.", "§", "Title", "Chapter", "Ch.", "Part", "Subpart", "Article", "Art.", "Amendment",
        "Paragraph", "Para.", "Clause", "Rule", "Regulation", "Directive", "Executive Order", "E.O.", "EO",
        "Proclamation", "Public Law", "Pub. L.", "P.L.", "Private Law", "Bill", "House Bill", "Senate Bill",
        "H.R.", "S.", "H.B.", "S.B.", "A.B.", "H.Res.", "S.Res.", "H.J.Res.", "S.J.Res.", "Resolution",
        "Ordinance", "Ord.", "Measure", "Proposition", "Prop.", "Question", "Initiative", "Policy", "Opinion",
        "Form", "Schedule", "Publication", "Pub.", "Notice", "Bulletin", "Report", "Fiscal Year", "FY",
        "Calendar Year", "CY",
        # cases, files and permits
        "Case", "Case No.", "Docket", "Docket No.", "Claim", "File", "Permit", "License", "Licence", "Contract",
        "Grant", "Award", "Order", "Exhibit", "Appendix", "Annex", "Item", "Figure", "Fig.", "Table",
        "Page", "p.", "pp.", "Volume", "Vol.", "Issue", "Edition", "Version", "Ver.", "Model",
        # places
        "Route", "Highway", "Hwy.", "Interstate", "State Road", "State Route", "County Road", "Exit",
        "Mile Marker", "Gate", "Terminal", "Pier", "Platform", "Track", "Room", "Rm.", "Suite", "Ste.", "Floor",
        "Apartment", "Apt.", "Building", "Bldg.", "Unit", "Lot", "Parcel", "Box", "P.O. Box", "PO Box",
        "District", "Ward", "Precinct", "Region", "Zone", "Area", "Sector", "Division",
        # services and groups
        "Flight", "Train", "Bus", "Line", "Channel", "Station", "Engine", "Ladder", "Rescue", "Medic", "Squad",
        "Battalion", "Local", "Post", "Troop", "Phase", "Stage", "Step", "Level", "Tier", "Grade", "Class",
        "Category", "Type", "Cohort", "Ext.", "ext.", "Extension",
    ),
    series_plural=(
        "Sections", "§§", "Titles", "Chapters", "Parts", "Articles", "Amendments", "Rules", "Executive Orders",
        "Public Laws", "Forms", "Pages", "Routes", "Exits", "Rooms", "Districts", "Wards", "Regions", "Zones",
        "Phases", "Items",
    ),
    number_signs=("No.", "Nos.", "Number", "#"),
    joiners=("and", "or", "through", "to", "&", "–", "-"),
    street_types=(
        "Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Boulevard", "Blvd.", "Drive", "Dr.", "Lane", "Ln.",
        "Way", "Place", "Pl.", "Court", "Ct.", "Parkway", "Pkwy.", "Highway", "Hwy.", "Square", "Sq.",
        "Terrace", "Ter.", "Circle", "Cir.", "Plaza", "Alley", "Trail", "Pike", "Turnpike", "Row", "Loop",
        "Walk", "Crescent",
    ),
    directions=(
        "N.", "S.", "E.", "W.", "N", "S", "E", "W", "North", "South", "East", "West", "NW", "NE", "SW", "SE",
        "N.W.", "N.E.", "S.W.", "S.E.", "Northwest", "Northeast", "Southwest", "Southeast",
    ),
    postal_regions=(
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
        "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "PR", "GU", "VI", "AS", "MP",
    ),
    time_suffixes=("a.m.", "p.m.", "a.m", "p.m", "am", "pm", "AM", "PM", "A.M.", "P.M."),
    phone_words=("call", "dial", "text", "phone", "telephone", "fax", "TTY", "TDD", "TTY/TDD"),
    citation_codes=("U.S.C.", "USC", "C.F.R.", "CFR", "Stat.", "Fed. Reg.", "F.R.", "U.S."),
    months=(
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.",
        "Oct.", "Nov.", "Dec.",
    ),
    ordinal_suffixes=("st", "nd", "rd", "th"),
    idioms=("24/7/365", "365/24/7", "24/7", "9/11"),
    qualifiers=(
        "nearly", "almost", "about", "approximately", "more than", "over", "at least", "up to", "less than",
        "fewer than", "roughly", "around", "some", "close to", "upwards of", "under", "at most", "as many as",
        "as much as",
    ),
    scales=("thousand", "million", "billion", "trillion"),
    scale_abbreviations=("K", "k", "M", "MM", "B", "bn", "mn", "tn"),
    measures=(
        "pound", "pounds", "kilogram", "kilograms", "kilo", "kilos", "gram", "grams", "milligram", "milligrams",
        "ounce", "ounces", "ton", "tons", "tonne", "tonnes", "gallon", "gallons", "litre", "litres", "liter",
        "liters", "barrel", "barrels", "acre", "acres", "mile", "miles", "kilometre", "kilometres", "kilometer",
        "kilometers", "foot", "feet", "inch", "inches", "metre", "metres", "meter", "meters", "hour", "hours",
        "minute", "minutes", "second", "seconds", "day", "days", "week", "weeks", "month", "months", "year",
        "years", "dollar", "dollars", "cent", "cents", "degree", "degrees", "dose", "doses",
    ),
    measure_abbreviations=(
        "mg", "kg", "g", "lb", "lbs", "oz", "km", "mi", "m", "cm", "mm", "ft", "in", "ml", "mL", "l", "L",
        "mph", "kph", "hr", "hrs", "h", "min", "x", "X", "yo",
    ),
    percent_words=("percent", "per cent"),
)

#: Vocabularies by primary language subtag (BCP 47); a language not here reads as English.
VOCABULARIES: dict[str, Vocabulary] = {"en": ENGLISH}


def for_language(tag: str) -> Vocabulary:
    """The vocabulary of the language ``tag`` ('en-US' -> English), English where there is none."""
    return VOCABULARIES.get(tag.split("-")[0].lower(), ENGLISH)
