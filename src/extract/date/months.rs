//! Month names of the world's news languages, as they appear in visible dates.
//!
//! A visible date names its month in the page's language ("27 сентября 2023", "27 Eylül
//! 2023", "27 de setembro de 2023"). Rather than one regular expression per language, the
//! date scanner looks each word next to a number up in one table: nominative, genitive and
//! abbreviated forms of every language seen on news pages. A few spellings mean different
//! months in different languages (Croatian "listopad" is October, Czech and Polish
//! November): the page's language, when known, settles them.
//!
//! Words are looked up lower-cased, without a trailing period, with Arabic alef variants
//! folded and Greek accents kept as written (both forms are listed).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Which calendar a month name belongs to: Persian pages also name the months of the
/// Solar Hijri year, which must be converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Calendar {
    /// The Gregorian calendar.
    Gregorian,
    /// The Solar Hijri (Jalali) calendar of Iran and Afghanistan.
    Jalali,
}

/// A month as a word names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Month {
    /// 1..=12 in its calendar.
    pub number: u32,
    /// The calendar the number is in.
    pub calendar: Calendar,
}

/// One language's twelve months; each entry lists the forms of one month separated by `|`.
type Table = (&'static str, [&'static str; 12]);

/// Gregorian month names. Order matters only for spellings shared between languages: the
/// first language listing a form wins when the page's language does not say otherwise.
#[rustfmt::skip]
const GREGORIAN: &[Table] = &[
    ("en", [
        "january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul",
        "august|aug", "september|sep|sept", "october|oct", "november|nov", "december|dec",
    ]),
    ("fr", [
        "janvier|janv", "février|fevrier|févr|fevr|fév", "mars", "avril|avr", "mai", "juin",
        "juillet|juil", "août|aout", "septembre", "octobre", "novembre",
        "décembre|decembre|déc",
    ]),
    ("de", [
        "januar|jänner|jaenner", "februar|feber", "märz|maerz|mrz", "april", "mai", "juni",
        "juli", "august", "september", "oktober|okt", "november", "dezember|dez",
    ]),
    ("es", [
        "enero|ene", "febrero", "marzo", "abril|abr", "mayo", "junio", "julio", "agosto|ago",
        "septiembre|setiembre", "octubre", "noviembre", "diciembre|dic",
    ]),
    ("pt", [
        "janeiro", "fevereiro|fev", "março|marco", "abril", "maio", "junho", "julho", "agosto",
        "setembro|set", "outubro|out", "novembro", "dezembro",
    ]),
    ("it", [
        "gennaio|gen", "febbraio", "marzo", "aprile", "maggio|mag", "giugno|giu", "luglio|lug",
        "agosto", "settembre", "ottobre|ott", "novembre", "dicembre",
    ]),
    ("nl", [
        "januari", "februari", "maart|mrt", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ]),
    ("ca", [
        "gener|gen", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre",
        "octubre", "novembre", "desembre",
    ]),
    ("ro", [
        "ianuarie|ian", "februarie", "martie", "aprilie", "mai", "iunie|iun", "iulie|iul",
        "august", "septembrie", "octombrie", "noiembrie|noi", "decembrie",
    ]),
    ("sq", [
        "janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator",
        "tetor", "nëntor|nentor", "dhjetor",
    ]),
    ("bs", [
        "januar|januara", "februar|februara", "mart|marta", "april|aprila", "maj|maja",
        "juni|jun|juna", "juli|jul|jula", "august|augusta|avgust|avgusta",
        "septembar|septembra", "oktobar|oktobra", "novembar|novembra", "decembar|decembra",
    ]),
    ("sr", [
        "јануар|јануара", "фебруар|фебруара", "март|марта", "април|априла", "мај|маја",
        "јун|јуна", "јул|јула", "август|августа", "септембар|септембра", "октобар|октобра",
        "новембар|новембра", "децембар|децембра",
    ]),
    ("ru", [
        "январь|января|янв", "февраль|февраля|фев|февр", "март|марта|мар", "апрель|апреля|апр",
        "май|мая", "июнь|июня|июн", "июль|июля|июл", "август|августа|авг",
        "сентябрь|сентября|сен|сент", "октябрь|октября|окт", "ноябрь|ноября|ноя|нояб",
        "декабрь|декабря|дек",
    ]),
    ("uk", [
        "січень|січня|січ", "лютий|лютого|лют", "березень|березня|бер", "квітень|квітня|квіт",
        "травень|травня|трав", "червень|червня|черв", "липень|липня|лип",
        "серпень|серпня|серп", "вересень|вересня|вер", "жовтень|жовтня|жовт",
        "листопад|листопада|лист", "грудень|грудня|груд",
    ]),
    ("bg", [
        "януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември",
        "октомври", "ноември", "декември",
    ]),
    ("mk", [
        "јануари", "февруари", "март", "април", "мај", "јуни", "јули", "август", "септември",
        "октомври", "ноември", "декември",
    ]),
    ("pl", [
        "styczeń|stycznia|sty", "luty|lutego", "marzec|marca", "kwiecień|kwietnia|kwi",
        "maj|maja", "czerwiec|czerwca|cze", "lipiec|lipca|lip", "sierpień|sierpnia|sie",
        "wrzesień|września|wrz", "październik|października|paź", "listopad|listopada|lis",
        "grudzień|grudnia|gru",
    ]),
    ("cs", [
        "leden|ledna", "únor|února", "březen|března", "duben|dubna", "květen|května",
        "červen|června", "červenec|července", "srpen|srpna", "září", "říjen|října",
        "listopad|listopadu", "prosinec|prosince",
    ]),
    ("sk", [
        "január|januára", "február|februára", "marec", "apríl|apríla", "máj|mája", "jún|júna",
        "júl|júla", "augusta", "septembra", "október|októbra", "novembra", "decembra",
    ]),
    ("hr", [
        "siječanj|siječnja", "veljača|veljače", "ožujak|ožujka", "travanj|travnja",
        "svibanj|svibnja", "lipanj|lipnja", "srpanj|srpnja", "kolovoz|kolovoza", "rujan|rujna",
        "listopad|listopada", "studeni|studenoga|studenog", "prosinac|prosinca",
    ]),
    ("sl", [
        "januar|januarja", "februar|februarja", "marec|marca", "april|aprila", "maj|maja",
        "junij|junija", "julij|julija", "avgust|avgusta", "september|septembra",
        "oktober|oktobra", "november|novembra", "december|decembra",
    ]),
    ("hu", [
        "január", "február|febr", "március|márc", "április|ápr", "május|máj", "június|jún",
        "július|júl", "augusztus", "szeptember|szept", "október", "november", "december",
    ]),
    ("tr", [
        "ocak|oca", "şubat|subat|şub", "mart", "nisan|nis", "mayıs|mayis", "haziran|haz",
        "temmuz|tem", "ağustos|agustos|ağu", "eylül|eylul|eyl", "ekim|eki", "kasım|kasim|kas",
        "aralık|aralik|ara",
    ]),
    ("lt", [
        "sausio|sausis", "vasario|vasaris", "kovo|kovas", "balandžio|balandis",
        "gegužės|gegužė", "birželio|birželis", "liepos|liepa", "rugpjūčio|rugpjūtis",
        "rugsėjo|rugsėjis", "spalio|spalis", "lapkričio|lapkritis", "gruodžio|gruodis",
    ]),
    ("lv", [
        "janvāris|janvārī", "februāris|februārī", "marts|martā", "aprīlis|aprīlī",
        "maijs|maijā", "jūnijs|jūnijā", "jūlijs|jūlijā", "augusts|augustā",
        "septembris|septembrī", "oktobris|oktobrī", "novembris|novembrī", "decembris|decembrī",
    ]),
    ("et", [
        "jaanuar|jaanuaril", "veebruar|veebruaril", "märts|märtsil", "aprill|aprillil", "mail",
        "juuni|juunil", "juuli|juulil", "augustil", "septembril", "oktoober|oktoobril",
        "novembril", "detsember|detsembril",
    ]),
    ("fi", [
        "tammikuuta|tammikuu", "helmikuuta|helmikuu", "maaliskuuta|maaliskuu",
        "huhtikuuta|huhtikuu", "toukokuuta|toukokuu", "kesäkuuta|kesäkuu",
        "heinäkuuta|heinäkuu", "elokuuta|elokuu", "syyskuuta|syyskuu", "lokakuuta|lokakuu",
        "marraskuuta|marraskuu", "joulukuuta|joulukuu",
    ]),
    ("sv", [
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
        "oktober", "november", "december",
    ]),
    ("da", [
        "januar", "februar", "marts|mars", "april", "maj|mai", "juni", "juli", "august",
        "september", "oktober", "november", "december|desember",
    ]),
    ("el", [
        "ιανουαρίου|ιανουαριου|ιανουάριος|ιαν", "φεβρουαρίου|φεβρουαριου|φεβρουάριος|φεβ",
        "μαρτίου|μαρτιου|μάρτιος|μαρ", "απριλίου|απριλιου|απρίλιος|απρ",
        "μαΐου|μαιου|μάιος|μαΐ|μαι", "ιουνίου|ιουνιου|ιούνιος|ιουν",
        "ιουλίου|ιουλιου|ιούλιος|ιουλ", "αυγούστου|αυγουστου|αύγουστος|αυγ",
        "σεπτεμβρίου|σεπτεμβριου|σεπτέμβριος|σεπ", "οκτωβρίου|οκτωβριου|οκτώβριος|οκτ",
        "νοεμβρίου|νοεμβριου|νοέμβριος|νοε", "δεκεμβρίου|δεκεμβριου|δεκέμβριος|δεκ",
    ]),
    ("id", [
        "januari", "februari|pebruari", "maret|mac", "april", "mei", "juni", "juli|julai",
        "agustus|ogos", "september", "oktober", "november|nopember", "desember|disember",
    ]),
    ("tl", [
        "enero", "pebrero", "marso", "abril", "mayo", "hunyo", "hulyo", "agosto", "setyembre",
        "oktubre", "nobyembre", "disyembre",
    ]),
    ("hy", [
        "հունվարի|հունվար", "փետրվարի|փետրվար", "մարտի|մարտ", "ապրիլի|ապրիլ", "մայիսի|մայիս",
        "հունիսի|հունիս", "հուլիսի|հուլիս", "օգոստոսի|օգոստոս", "սեպտեմբերի|սեպտեմբեր",
        "հոկտեմբերի|հոկտեմբեր", "նոյեմբերի|նոյեմբեր", "դեկտեմբերի|դեկտեմբեր",
    ]),
    ("ka", [
        "იანვარი|იანვარს", "თებერვალი|თებერვალს", "მარტი|მარტს", "აპრილი|აპრილს",
        "მაისი|მაისს", "ივნისი|ივნისს", "ივლისი|ივლისს", "აგვისტო|აგვისტოს",
        "სექტემბერი|სექტემბერს", "ოქტომბერი|ოქტომბერს", "ნოემბერი|ნოემბერს",
        "დეკემბერი|დეკემბერს",
    ]),
    ("ar", [
        "يناير|جانفي", "فبراير|فيفري|شباط", "مارس|اذار", "ابريل|افريل|نيسان", "مايو|ماي|ايار",
        "يونيو|يونيه|جوان|حزيران", "يوليو|يوليه|جويلية|تموز", "اغسطس|اوت|اب", "سبتمبر|ايلول",
        "اكتوبر", "نوفمبر", "ديسمبر",
    ]),
    ("fa", [
        "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه|جولای", "اوت|اگوست",
        "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
    ]),
    ("he", [
        "ינואר|בינואר", "פברואר|בפברואר", "מרץ|במרץ|מרס", "אפריל|באפריל", "מאי|במאי",
        "יוני|ביוני", "יולי|ביולי", "אוגוסט|באוגוסט", "ספטמבר|בספטמבר", "אוקטובר|באוקטובר",
        "נובמבר|בנובמבר", "דצמבר|בדצמבר",
    ]),
    ("hi", [
        "जनवरी", "फ़रवरी|फरवरी", "मार्च", "अप्रैल|अप्रेल", "मई", "जून", "जुलाई", "अगस्त",
        "सितंबर|सितम्बर", "अक्टूबर|अक्तूबर", "नवंबर|नवम्बर", "दिसंबर|दिसम्बर",
    ]),
    ("gu", [
        "જાન્યુઆરી", "ફેબ્રુઆરી", "માર્ચ", "એપ્રિલ", "મે", "જૂન", "જુલાઈ", "ઑગસ્ટ|ઓગસ્ટ",
        "સપ્ટેમ્બર", "ઑક્ટોબર|ઓક્ટોબર", "નવેમ્બર", "ડિસેમ્બર",
    ]),
    ("bn", [
        "জানুয়ারি|জানুয়ারী", "ফেব্রুয়ারি|ফেব্রুয়ারী", "মার্চ", "এপ্রিল", "মে", "জুন",
        "জুলাই", "আগস্ট|অগাস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর",
    ]),
    ("th", [
        "มกราคม|ม.ค", "กุมภาพันธ์|ก.พ", "มีนาคม|มี.ค", "เมษายน|เม.ย", "พฤษภาคม|พ.ค",
        "มิถุนายน|มิ.ย", "กรกฎาคม|ก.ค", "สิงหาคม|ส.ค", "กันยายน|ก.ย", "ตุลาคม|ต.ค",
        "พฤศจิกายน|พ.ย", "ธันวาคม|ธ.ค",
    ]),
];

/// The twelve months of the Solar Hijri year as Persian pages name them.
#[rustfmt::skip]
const JALALI: [&str; 12] = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
    "بهمن", "اسفند",
];

/// Languages whose spellings mean another month than the shared table's first choice
/// (Croatian "listopad" is October): on their pages their own table is consulted first.
const OVERRIDING: &[&str] = &["hr"];

/// Every spelling → month, for pages whose language is unknown or not overriding.
static SHARED: LazyLock<HashMap<String, Month>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (_, months) in GREGORIAN {
        insert_language(&mut map, months, Calendar::Gregorian);
    }
    insert_jalali(&mut map);
    map
});

/// Per overriding language: its own spellings, consulted first on its pages.
static BY_LANGUAGE: LazyLock<HashMap<&'static str, HashMap<String, Month>>> = LazyLock::new(|| {
    let mut by_language = HashMap::new();
    for (language, months) in GREGORIAN {
        if OVERRIDING.contains(language) {
            let mut map = HashMap::new();
            insert_language(&mut map, months, Calendar::Gregorian);
            by_language.insert(*language, map);
        }
    }
    by_language
});

fn insert_language(map: &mut HashMap<String, Month>, months: &[&str; 12], calendar: Calendar) {
    for (index, forms) in months.iter().enumerate() {
        for form in forms.split('|') {
            let month = Month {
                number: index as u32 + 1,
                calendar,
            };
            map.entry(fold(form)).or_insert(month);
        }
    }
}

fn insert_jalali(map: &mut HashMap<String, Month>) {
    for (index, name) in JALALI.iter().enumerate() {
        let month = Month {
            number: index as u32 + 1,
            calendar: Calendar::Jalali,
        };
        // Persian pages mean the Jalali month by these words, even where Arabic spells a
        // Gregorian month alike.
        map.insert(fold(name), month);
    }
}

/// The lookup form of a word: lower case, Arabic alef, yeh and kaf variants folded.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            // Persian writes yeh and kaf with its own letters; pages mix both.
            'ى' | 'ی' => 'ي',
            'ک' => 'ك',
            'ة' => 'ه',
            'ς' => 'σ',
            _ => c,
        })
        .collect()
}

/// The month a word names, if any. `language` is the page's ISO 639-1 code, when known.
pub(super) fn lookup(word: &str, language: Option<&str>) -> Option<Month> {
    let word = word.trim_end_matches('.');
    if word.is_empty() || word.len() > 40 {
        return None;
    }
    let key = fold(word);
    if let Some(own) = language.and_then(|l| BY_LANGUAGE.get(l)) {
        if let Some(month) = own.get(&key) {
            return Some(*month);
        }
    }
    SHARED.get(&key).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(word: &str, language: Option<&str>) -> Option<u32> {
        lookup(word, language).map(|m| m.number)
    }

    #[test]
    fn names_in_many_languages() {
        assert_eq!(number("September", None), Some(9));
        assert_eq!(number("Sept.", None), Some(9));
        assert_eq!(number("сентября", None), Some(9));
        assert_eq!(number("вересня", None), Some(9));
        assert_eq!(number("Eylül", None), Some(9));
        assert_eq!(number("setembro", None), Some(9));
        assert_eq!(number("Σεπτεμβρίου", None), Some(9));
        assert_eq!(number("سبتمبر", None), Some(9));
        assert_eq!(number("सितंबर", None), Some(9));
        assert_eq!(number("spalio", None), Some(10));
        assert_eq!(number("nothing", None), None);
    }

    #[test]
    fn page_language_settles_shared_spellings() {
        assert_eq!(number("listopada", None), Some(11));
        assert_eq!(number("listopada", Some("hr")), Some(10));
    }

    #[test]
    fn persian_and_arabic_letters_are_folded() {
        assert_eq!(number("تير", Some("fa")), number("تیر", Some("fa")));
        assert_eq!(number("أبريل", None), Some(4));
    }

    #[test]
    fn persian_solar_months_are_marked() {
        let month = lookup("مهر", Some("fa")).map(|m| (m.number, m.calendar));
        assert_eq!(month, Some((7, Calendar::Jalali)));
    }
}
