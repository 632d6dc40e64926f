//! Stop words: words that say nothing about which article or whom a claim is about.

/// English function words and newsroom filler: they say nothing about which article it is
/// (the resolver's search terms leave them out, with month and weekday names).
pub const ENGLISH_FUNCTION_WORDS: &str = "
    a about above according across after again against all along also among an and another any
    are around as at be because been before being between both but by can could did do does
    during each either even ever few for from further had has have having he her here him his
    how however if in into is it its itself just last later least less like made make many may
    might more most much must near new next no nor not now of off on once one only or other
    others our out over own per said same say says several she should since so some still such
    than that the their them then there these they this those though through thus to too under
    until up upon us very was we well were what when where whether which while who whom whose
    why will with within without would year years yet you your week month today yesterday
    earlier recently reported report reports announced stated noted added told see mr mrs ms dr
";

/// Words capitalized for grammar or rank, not because they name someone: sentence
/// openers, titles, "said" (names leave them out, with month and weekday names).
pub static ENGLISH_NAME_STOPS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "in",
    "on",
    "at",
    "as",
    "by",
    "for",
    "of",
    "to",
    "from",
    "with",
    "after",
    "before",
    "during",
    "while",
    "when",
    "since",
    "although",
    "though",
    "but",
    "and",
    "or",
    "if",
    "also",
    "meanwhile",
    "however",
    "according",
    "under",
    "over",
    "into",
    "about",
    "through",
    "between",
    "against",
    "without",
    "within",
    "among",
    "despite",
    "following",
    "amid",
    "across",
    "toward",
    "towards",
    "via",
    "then",
    "thus",
    "yet",
    "still",
    "there",
    "here",
    "what",
    "which",
    "who",
    "why",
    "how",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "such",
    "no",
    "not",
    "yes",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "prof",
    "president",
    "prime",
    "minister",
    "ministers",
    "deputy",
    "vice",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "secretary",
    "governor",
    "mayor",
    "senator",
    "major",
    "colonel",
    "lieutenant",
    "captain",
    "retired",
    "former",
    "late",
    "reverend",
    "justice",
    "judge",
    "saint",
    "general",
    "director",
    "chief",
    "ceo",
    "king",
    "queen",
    "prince",
    "princess",
    "ambassador",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "said",
    "says",
];

/// Russian titles and ranks, capitalized at a sentence's start or before a name, that do
/// not name anyone ("Президент Монголии", "Министр Шойгу").
pub static RUSSIAN_NAME_STOPS: &[&str] = &[
    "президент",
    "премьер",
    "премьер-министр",
    "министр",
    "глава",
    "председатель",
    "губернатор",
    "мэр",
    "директор",
    "генеральный",
    "заместитель",
    "представитель",
    "посол",
    "депутат",
    "господин",
    "госпожа",
];

/// More English function words, beyond [`ENGLISH_FUNCTION_WORDS`]: pronouns and
/// connectives that a claim and its source share whether or not one supports the other
/// (the passage finder leaves them out too).
pub const ENGLISH_MORE_FUNCTION_WORDS: &str = "
    although himself herself themselves ourselves yourself myself whereas therefore moreover
    furthermore nevertheless nonetheless hence onto unless whilst rather quite thereby
    whereby wherein whatever whenever wherever whoever anyone everyone someone something
    anything everything nothing shall
";
