//! A synthetic catalogue of any size, for benchmarks: the same for the same seed.
//!
//! Texts are Ukrainian and English sentences chained word by word from the bundled
//! catalogue's own texts (a first-order Markov chain per language), so word lengths, letters
//! and the mix of Cyrillic and Latin are those of real entries. Libraries stand in real
//! places of Ukraine, Belarus and the United Kingdom (with their coordinates); target
//! groups, programmes and themes are the bundled ones under new ids (`gen-…`) plus more
//! made up here. Every id starts with `gen-`, so a generated file loads next to the bundled
//! catalogue as well as on its own.

use std::collections::HashMap;

use crate::catalogue::{
    self, Catalogue, Ids, Lang, Library, LibraryKind, OtherNames, Person, Programme, ProgrammeKind, Service, Source,
    TargetGroup, Text, Theme,
};
use crate::search::translit::to_latin;

/// The prefix of every generated id.
const PREFIX: &str = "gen-";

/// A small, fast, deterministic random number generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub const fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index skewed towards the start (some libraries run many services, most a few).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

/// A place: Ukrainian and English name, region in both languages, country, coordinates.
type Place = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
);

/// Real places (public geography).
const PLACES: &[Place] = &[
    ("Київ", "Kyiv", "Київ", "Kyiv", "UA", 50.4501, 30.5234),
    (
        "Житомир",
        "Zhytomyr",
        "Житомирська область",
        "Zhytomyr Oblast",
        "UA",
        50.2547,
        28.6587,
    ),
    (
        "Бердичів",
        "Berdychiv",
        "Житомирська область",
        "Zhytomyr Oblast",
        "UA",
        49.8993,
        28.6025,
    ),
    (
        "Коростень",
        "Korosten",
        "Житомирська область",
        "Zhytomyr Oblast",
        "UA",
        50.9550,
        28.6336,
    ),
    (
        "Біла Церква",
        "Bila Tserkva",
        "Київська область",
        "Kyiv Oblast",
        "UA",
        49.8094,
        30.1121,
    ),
    (
        "Ірпінь",
        "Irpin",
        "Київська область",
        "Kyiv Oblast",
        "UA",
        50.5218,
        30.2506,
    ),
    (
        "Фастів",
        "Fastiv",
        "Київська область",
        "Kyiv Oblast",
        "UA",
        50.0762,
        29.9177,
    ),
    (
        "Славутич",
        "Slavutych",
        "Київська область",
        "Kyiv Oblast",
        "UA",
        51.5221,
        30.7208,
    ),
    (
        "Львів",
        "Lviv",
        "Львівська область",
        "Lviv Oblast",
        "UA",
        49.8397,
        24.0297,
    ),
    (
        "Дрогобич",
        "Drohobych",
        "Львівська область",
        "Lviv Oblast",
        "UA",
        49.3490,
        23.5069,
    ),
    (
        "Стрий",
        "Stryi",
        "Львівська область",
        "Lviv Oblast",
        "UA",
        49.2618,
        23.8514,
    ),
    (
        "Харків",
        "Kharkiv",
        "Харківська область",
        "Kharkiv Oblast",
        "UA",
        49.9935,
        36.2304,
    ),
    (
        "Ізюм",
        "Izium",
        "Харківська область",
        "Kharkiv Oblast",
        "UA",
        49.2128,
        37.2569,
    ),
    (
        "Одеса",
        "Odesa",
        "Одеська область",
        "Odesa Oblast",
        "UA",
        46.4825,
        30.7233,
    ),
    (
        "Ізмаїл",
        "Izmail",
        "Одеська область",
        "Odesa Oblast",
        "UA",
        45.3511,
        28.8370,
    ),
    (
        "Дніпро",
        "Dnipro",
        "Дніпропетровська область",
        "Dnipropetrovsk Oblast",
        "UA",
        48.4647,
        35.0462,
    ),
    (
        "Кривий Ріг",
        "Kryvyi Rih",
        "Дніпропетровська область",
        "Dnipropetrovsk Oblast",
        "UA",
        47.9105,
        33.3918,
    ),
    (
        "Вінниця",
        "Vinnytsia",
        "Вінницька область",
        "Vinnytsia Oblast",
        "UA",
        49.2331,
        28.4682,
    ),
    (
        "Полтава",
        "Poltava",
        "Полтавська область",
        "Poltava Oblast",
        "UA",
        49.5883,
        34.5514,
    ),
    (
        "Кременчук",
        "Kremenchuk",
        "Полтавська область",
        "Poltava Oblast",
        "UA",
        49.0659,
        33.4102,
    ),
    (
        "Чернігів",
        "Chernihiv",
        "Чернігівська область",
        "Chernihiv Oblast",
        "UA",
        51.4982,
        31.2893,
    ),
    (
        "Ніжин",
        "Nizhyn",
        "Чернігівська область",
        "Chernihiv Oblast",
        "UA",
        51.0480,
        31.8869,
    ),
    ("Суми", "Sumy", "Сумська область", "Sumy Oblast", "UA", 50.9077, 34.7981),
    (
        "Тростянець",
        "Trostianets",
        "Сумська область",
        "Sumy Oblast",
        "UA",
        50.4797,
        34.9628,
    ),
    (
        "Конотоп",
        "Konotop",
        "Сумська область",
        "Sumy Oblast",
        "UA",
        51.2403,
        33.2026,
    ),
    (
        "Рівне",
        "Rivne",
        "Рівненська область",
        "Rivne Oblast",
        "UA",
        50.6199,
        26.2516,
    ),
    (
        "Луцьк",
        "Lutsk",
        "Волинська область",
        "Volyn Oblast",
        "UA",
        50.7472,
        25.3254,
    ),
    (
        "Ковель",
        "Kovel",
        "Волинська область",
        "Volyn Oblast",
        "UA",
        51.2153,
        24.7087,
    ),
    (
        "Тернопіль",
        "Ternopil",
        "Тернопільська область",
        "Ternopil Oblast",
        "UA",
        49.5535,
        25.5948,
    ),
    (
        "Івано-Франківськ",
        "Ivano-Frankivsk",
        "Івано-Франківська область",
        "Ivano-Frankivsk Oblast",
        "UA",
        48.9226,
        24.7111,
    ),
    (
        "Коломия",
        "Kolomyia",
        "Івано-Франківська область",
        "Ivano-Frankivsk Oblast",
        "UA",
        48.5308,
        25.0405,
    ),
    (
        "Ужгород",
        "Uzhhorod",
        "Закарпатська область",
        "Zakarpattia Oblast",
        "UA",
        48.6208,
        22.2879,
    ),
    (
        "Мукачево",
        "Mukachevo",
        "Закарпатська область",
        "Zakarpattia Oblast",
        "UA",
        48.4394,
        22.7178,
    ),
    (
        "Чернівці",
        "Chernivtsi",
        "Чернівецька область",
        "Chernivtsi Oblast",
        "UA",
        48.2915,
        25.9403,
    ),
    (
        "Хмельницький",
        "Khmelnytskyi",
        "Хмельницька область",
        "Khmelnytskyi Oblast",
        "UA",
        49.4229,
        26.9871,
    ),
    (
        "Кам'янець-Подільський",
        "Kamianets-Podilskyi",
        "Хмельницька область",
        "Khmelnytskyi Oblast",
        "UA",
        48.6789,
        26.5854,
    ),
    (
        "Черкаси",
        "Cherkasy",
        "Черкаська область",
        "Cherkasy Oblast",
        "UA",
        49.4444,
        32.0598,
    ),
    (
        "Умань",
        "Uman",
        "Черкаська область",
        "Cherkasy Oblast",
        "UA",
        48.7484,
        30.2218,
    ),
    (
        "Кропивницький",
        "Kropyvnytskyi",
        "Кіровоградська область",
        "Kirovohrad Oblast",
        "UA",
        48.5079,
        32.2623,
    ),
    (
        "Миколаїв",
        "Mykolaiv",
        "Миколаївська область",
        "Mykolaiv Oblast",
        "UA",
        46.9750,
        31.9946,
    ),
    (
        "Херсон",
        "Kherson",
        "Херсонська область",
        "Kherson Oblast",
        "UA",
        46.6354,
        32.6169,
    ),
    (
        "Запоріжжя",
        "Zaporizhzhia",
        "Запорізька область",
        "Zaporizhzhia Oblast",
        "UA",
        47.8388,
        35.1396,
    ),
    (
        "Краматорськ",
        "Kramatorsk",
        "Донецька область",
        "Donetsk Oblast",
        "UA",
        48.7389,
        37.5844,
    ),
    ("Мінськ", "Minsk", "Мінськ", "Minsk", "BY", 53.9006, 27.5590),
    (
        "Гомель",
        "Homel",
        "Гомельська область",
        "Homel Region",
        "BY",
        52.4412,
        30.9878,
    ),
    (
        "Брест",
        "Brest",
        "Брестська область",
        "Brest Region",
        "BY",
        52.0976,
        23.7341,
    ),
    (
        "Пінськ",
        "Pinsk",
        "Брестська область",
        "Brest Region",
        "BY",
        52.1229,
        26.0951,
    ),
    (
        "Гродно",
        "Hrodna",
        "Гродненська область",
        "Hrodna Region",
        "BY",
        53.6694,
        23.8131,
    ),
    (
        "Вітебськ",
        "Vitsebsk",
        "Вітебська область",
        "Vitsebsk Region",
        "BY",
        55.1904,
        30.2049,
    ),
    (
        "Полоцьк",
        "Polatsk",
        "Вітебська область",
        "Vitsebsk Region",
        "BY",
        55.4879,
        28.7856,
    ),
    (
        "Могильов",
        "Mahilyow",
        "Могильовська область",
        "Mahilyow Region",
        "BY",
        53.9168,
        30.3449,
    ),
    (
        "Лондон",
        "London",
        "Великий Лондон",
        "Greater London",
        "GB",
        51.5074,
        -0.1278,
    ),
    (
        "Лідс",
        "Leeds",
        "Західний Йоркшир",
        "West Yorkshire",
        "GB",
        53.8008,
        -1.5491,
    ),
    (
        "Манчестер",
        "Manchester",
        "Великий Манчестер",
        "Greater Manchester",
        "GB",
        53.4808,
        -2.2426,
    ),
    (
        "Бірмінгем",
        "Birmingham",
        "Вест-Мідлендс",
        "West Midlands",
        "GB",
        52.4862,
        -1.8904,
    ),
    (
        "Ліверпуль",
        "Liverpool",
        "Мерсісайд",
        "Merseyside",
        "GB",
        53.4084,
        -2.9916,
    ),
    (
        "Шеффілд",
        "Sheffield",
        "Південний Йоркшир",
        "South Yorkshire",
        "GB",
        53.3811,
        -1.4701,
    ),
    ("Бристоль", "Bristol", "Бристоль", "Bristol", "GB", 51.4545, -2.5879),
    (
        "Ньюкасл",
        "Newcastle upon Tyne",
        "Тайн і Вір",
        "Tyne and Wear",
        "GB",
        54.9783,
        -1.6178,
    ),
    ("Глазго", "Glasgow", "Шотландія", "Scotland", "GB", 55.8642, -4.2518),
    ("Единбург", "Edinburgh", "Шотландія", "Scotland", "GB", 55.9533, -3.1883),
    ("Кардіфф", "Cardiff", "Уельс", "Wales", "GB", 51.4816, -3.1791),
    (
        "Белфаст",
        "Belfast",
        "Північна Ірландія",
        "Northern Ireland",
        "GB",
        54.5973,
        -5.9301,
    ),
];

/// What services are: titles start with one of these.
const ACTIVITIES: &[(&str, &str)] = &[
    ("Театральна студія", "Theatre studio"),
    ("Ляльковий театр", "Puppet theatre"),
    ("Читацький клуб", "Reading club"),
    ("Сімейні читання", "Family reading"),
    ("Літня читацька програма", "Summer reading programme"),
    ("Курси цифрової грамотності", "Digital literacy courses"),
    ("Медіаграмотність для всіх", "Media literacy for everyone"),
    ("Фінансова грамотність", "Financial literacy"),
    ("Арт-терапія", "Art therapy"),
    ("Ігрова терапія", "Play therapy"),
    ("Бібліотерапія", "Bibliotherapy"),
    ("Психологічна підтримка", "Psychological support"),
    ("Юридичні консультації", "Legal advice"),
    ("Допомога з працевлаштуванням", "Help with finding work"),
    ("Розмовний клуб англійської мови", "English conversation club"),
    ("Курси української мови", "Ukrainian language courses"),
    ("Мобільна бібліотека", "Mobile library"),
    ("Бібліотечний сад", "Library garden"),
    ("Екологічна толока", "Environmental clean-up"),
    ("Кіноклуб", "Film club"),
    ("Шаховий клуб", "Chess club"),
    ("Клуб настільних ігор", "Board game club"),
    ("Майстерня робототехніки", "Robotics workshop"),
    ("Лабораторія 3D-друку", "3D printing lab"),
    ("Подкаст-студія", "Podcast studio"),
    ("Фотоклуб", "Photography club"),
    ("Краєзнавчий гурток", "Local history circle"),
    ("Генеалогічні консультації", "Family history help"),
    ("Клуб рукоділля", "Crafts club"),
    ("Музична вітальня", "Music salon"),
    ("Обмін книжками", "Book swap"),
    ("Коворкінг у бібліотеці", "Library coworking space"),
    ("Хаб для переселенців", "Hub for displaced people"),
    ("Школа волонтерів", "Volunteer school"),
    ("Допомога з домашніми завданнями", "Homework help"),
    ("Університет третього віку", "University of the third age"),
    ("Інклюзивна студія", "Inclusive studio"),
    ("Книжкова доставка додому", "Home book delivery"),
    ("Лекторій", "Lecture series"),
    ("Плетіння маскувальних сіток", "Weaving camouflage nets"),
    ("Клуб молодих батьків", "Young parents' club"),
    ("Літературна кав'ярня", "Literary café"),
    ("Бібліотека речей", "Library of things"),
    ("Курси програмування для дітей", "Coding courses for children"),
];

/// Names in quotes after some titles.
const NAMES: &[(&str, &str)] = &[
    ("Мрія", "Dream"),
    ("Калина", "Kalyna"),
    ("Світанок", "Dawn"),
    ("Джерело", "Source"),
    ("Крила", "Wings"),
    ("Разом", "Together"),
    ("Відкриття", "Discovery"),
    ("Книжкова полиця", "Bookshelf"),
    ("Сцена", "Stage"),
    ("Маяк", "Lighthouse"),
    ("Пролісок", "Snowdrop"),
    ("Горизонт", "Horizon"),
    ("Сузір'я", "Constellation"),
    ("Дивосвіт", "Wonderworld"),
    ("Перехрестя", "Crossroads"),
    ("Затишок", "Comfort"),
];

/// More target groups than the bundled ones: (id, Ukrainian, English, parent id).
const EXTRA_GROUPS: &[(&str, &str, &str, Option<&str>)] = &[
    ("veterans", "Ветерани", "Veterans", None),
    (
        "families-of-veterans",
        "Родини ветеранів",
        "Families of veterans",
        Some("veterans"),
    ),
    ("students", "Студенти", "Students", Some("young-people")),
    (
        "people-with-disabilities",
        "Люди з інвалідністю",
        "People with disabilities",
        None,
    ),
    (
        "visually-impaired",
        "Люди з порушеннями зору",
        "Visually impaired people",
        Some("people-with-disabilities"),
    ),
    ("job-seekers", "Шукачі роботи", "Job seekers", None),
    ("entrepreneurs", "Підприємці", "Entrepreneurs", None),
    ("teachers", "Вчителі", "Teachers", None),
    ("parents", "Батьки", "Parents", Some("families")),
    ("newcomers", "Новоприбулі мешканці", "Newcomers", None),
    (
        "readers-of-all-ages",
        "Читачі різного віку",
        "Readers of all ages",
        None,
    ),
    ("women", "Жінки", "Women", None),
];

/// More themes than the bundled ones: (id, Ukrainian, English).
const EXTRA_THEMES: &[(&str, &str, &str)] = &[
    ("employment", "Зайнятість", "Employment"),
    ("media-literacy", "Медіаграмотність", "Media literacy"),
    ("science-and-technology", "Наука і технології", "Science and technology"),
    ("local-history", "Краєзнавство", "Local history"),
    ("civic-education", "Громадянська освіта", "Civic education"),
    ("family-support", "Підтримка родин", "Family support"),
    ("languages", "Мови", "Languages"),
    ("accessibility", "Доступність", "Accessibility"),
    ("financial-literacy", "Фінансова грамотність", "Financial literacy"),
    ("veterans-support", "Підтримка ветеранів", "Support for veterans"),
];

/// Made-up programme names: (Ukrainian, English).
const PROGRAMME_NAMES: &[(&str, &str)] = &[
    ("Бібліотека — простір громади", "The library as a community space"),
    ("Читаємо разом", "Reading together"),
    ("Цифрова громада", "Digital community"),
    ("Сильні бібліотеки", "Strong libraries"),
    ("Книга без кордонів", "Books without borders"),
    ("Зелена бібліотека", "Green library"),
    ("Відкритий доступ", "Open access"),
    ("Бібліотека для ветеранів", "Libraries for veterans"),
    ("Міст поколінь", "Bridge of generations"),
    ("Нові навички", "New skills"),
    ("Культура поруч", "Culture nearby"),
    ("Малі громади — великі ідеї", "Small communities, big ideas"),
    ("Бібліотечний марафон", "Library marathon"),
    ("Розвиток сільських бібліотек", "Village library development"),
    ("Безпечний простір", "Safe space"),
];

const FIRST_NAMES: &[&str] = &[
    "Олена",
    "Ірина",
    "Наталія",
    "Оксана",
    "Тетяна",
    "Світлана",
    "Людмила",
    "Юлія",
    "Галина",
    "Марія",
    "Андрій",
    "Олександр",
    "Сергій",
    "Володимир",
    "Іван",
    "Михайло",
    "Ярослава",
    "Богдана",
    "Віра",
    "Любов",
];

const SURNAMES: &[&str] = &[
    "Шевченко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Мельник",
    "Поліщук",
    "Савчук",
    "Лисенко",
    "Гнатюк",
    "Павленко",
    "Руденко",
    "Марченко",
    "Зінченко",
    "Левченко",
    "Кузьменко",
    "Гончар",
    "Яковенко",
    "Захарченко",
];

const ROLES: &[(&str, &str)] = &[
    ("директорка бібліотеки", "library director"),
    ("бібліотекарка", "librarian"),
    ("керівниця студії", "studio leader"),
    ("координатор проєкту", "project coordinator"),
    ("психологиня", "psychologist"),
    ("волонтер", "volunteer"),
    ("методистка", "methodologist"),
];

/// Sentences chained word by word from the bundled catalogue's texts, per language.
struct Chain {
    words: Vec<String>,
    /// For each word, the words that follow it somewhere.
    next: Vec<Vec<u32>>,
    /// Words that start a sentence.
    starts: Vec<u32>,
}

impl Chain {
    fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Self {
        let mut chain = Self {
            words: Vec::new(),
            next: Vec::new(),
            starts: Vec::new(),
        };
        let mut ids: HashMap<&'a str, u32> = HashMap::new();
        for text in texts {
            let mut previous: Option<u32> = None;
            for word in text.split_whitespace() {
                let id = *ids.entry(word).or_insert_with(|| {
                    chain.words.push(word.to_owned());
                    chain.next.push(Vec::new());
                    (chain.words.len() - 1) as u32
                });
                match previous {
                    Some(p) if !ends_sentence(&chain.words[p as usize]) => chain.next[p as usize].push(id),
                    _ => chain.starts.push(id),
                }
                previous = Some(id);
            }
        }
        chain
    }

    /// One sentence of `min..=max` words (fewer when the chain ends early), ending in a full
    /// stop, starting with a capital letter.
    fn sentence(&self, rng: &mut Rng, min: usize, max: usize) -> String {
        let mut out = String::new();
        if self.starts.is_empty() {
            return out;
        }
        let mut word = *rng.pick(&self.starts);
        let limit = rng.between(min, max);
        for count in 1..=limit {
            let text = &self.words[word as usize];
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
            let successors = &self.next[word as usize];
            if (ends_sentence(text) && count >= min) || successors.is_empty() || count == limit {
                break;
            }
            word = *rng.pick(successors);
        }
        let trimmed = out.trim_end_matches(|c: char| !c.is_alphanumeric());
        let mut sentence = capitalise(trimmed);
        sentence.push('.');
        sentence
    }

    /// `sentences` sentences.
    fn paragraph(&self, rng: &mut Rng, sentences: usize) -> String {
        (0..sentences)
            .map(|_| self.sentence(rng, 6, 18))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?'])
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Ukrainian and English chains built from every summary and description of the bundled
/// catalogue, and the bundled catalogue itself.
fn sources() -> (Catalogue, Chain, Chain) {
    // The bundled catalogue is part of the binary and checked by its tests.
    let bundled = catalogue::parse(&Source::bundled()).unwrap_or_default();
    let texts = |lang: Lang| -> Vec<String> {
        let c = &bundled;
        let own = c.services.iter().flat_map(|s| [&s.summary, &s.description]);
        let more = c
            .programmes
            .iter()
            .flat_map(|p| [&p.summary, &p.description])
            .chain(c.libraries.iter().map(|l| &l.summary))
            .chain(c.themes.iter().map(|t| &t.summary));
        own.chain(more)
            .map(|t| t.exact(lang).to_owned())
            .filter(|t| !t.is_empty())
            .collect()
    };
    let uk = texts(Lang::Uk);
    let en = texts(Lang::En);
    let uk = Chain::new(uk.iter().map(String::as_str));
    let en = Chain::new(en.iter().map(String::as_str));
    (bundled, uk, en)
}

fn gen_id(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// The number of libraries for `services` services: hundreds, fewer for small catalogues.
fn library_count(services: usize) -> usize {
    (services / 40).clamp(20, 800)
}

/// Generates a catalogue of `services` services; the same `seed` gives the same catalogue.
#[must_use]
pub fn catalogue(services: usize, seed: u64) -> Catalogue {
    let mut rng = Rng::new(seed);
    let (bundled, uk, en) = sources();

    let mut themes: Vec<Theme> = bundled
        .themes
        .iter()
        .map(|t| Theme {
            id: gen_id(&t.id).into(),
            ..t.clone()
        })
        .collect();
    themes.extend(EXTRA_THEMES.iter().map(|&(id, name_uk, name_en)| Theme {
        id: gen_id(id).into(),
        name: Text::new(name_uk, name_en),
        other_names: OtherNames::default(),
        summary: Text::default(),
    }));

    let mut target_groups: Vec<TargetGroup> = bundled
        .target_groups
        .iter()
        .map(|g| TargetGroup {
            id: gen_id(&g.id).into(),
            parent: g.parent.as_deref().map(|p| gen_id(p).into()),
            ..g.clone()
        })
        .collect();
    target_groups.extend(EXTRA_GROUPS.iter().map(|&(id, name_uk, name_en, parent)| TargetGroup {
        id: gen_id(id).into(),
        name: Text::new(name_uk, name_en),
        other_names: OtherNames::default(),
        parent: parent.map(|p| gen_id(p).into()),
        summary: Text::default(),
    }));

    let mut programmes: Vec<Programme> = bundled
        .programmes
        .iter()
        .map(|p| Programme {
            id: gen_id(&p.id).into(),
            parent: p.parent.as_deref().map(|p| gen_id(p).into()),
            themes: p.themes.iter().map(|t| gen_id(t)).collect(),
            presented_at: p.presented_at.iter().map(|e| gen_id(e)).collect(),
            // The bundled organisations are not copied, and the bundled ids retired stay retired there.
            organisations: Ids::default(),
            retired_ids: Ids::default(),
            ..p.clone()
        })
        .collect();
    for (i, &(name_uk, name_en)) in PROGRAMME_NAMES.iter().enumerate() {
        let from = 2010 + rng.below(14) as u16;
        let kinds = [
            ProgrammeKind::Project,
            ProgrammeKind::Contest,
            ProgrammeKind::Initiative,
            ProgrammeKind::Partnership,
        ];
        programmes.push(Programme {
            id: gen_id(&format!("programme-{}", i + 1)).into(),
            name: Text::new(name_uk, name_en),
            kind: *rng.pick(&kinds),
            // A few made-up programmes are part of an earlier one.
            parent: (i > 2 && rng.chance(20)).then(|| gen_id(&format!("programme-{}", rng.below(i) + 1)).into()),
            summary: Text::new(&uk.sentence(&mut rng, 8, 16), &en.sentence(&mut rng, 8, 16)),
            years: Some((from, from + rng.below(4) as u16)),
            themes: [&rng.pick(&themes).id].into(),
            seeds: ["generated"].into(),
            ..Programme::default()
        });
    }

    let libraries = libraries(&mut rng, library_count(services));
    let services = (0..services)
        .map(|i| service(&mut rng, i, &uk, &en, &libraries, &target_groups, &programmes, &themes))
        .collect();
    Catalogue {
        version: format!("generated-{seed}"),
        date: "2026-01-01".to_owned(),
        themes,
        target_groups,
        programmes,
        libraries,
        services,
        sources: Vec::new(),
    }
}

/// `count` libraries in the places above, numbered per place.
fn libraries(rng: &mut Rng, count: usize) -> Vec<Library> {
    let kinds = [
        LibraryKind::City,
        LibraryKind::District,
        LibraryKind::Village,
        LibraryKind::Children,
        LibraryKind::Youth,
        LibraryKind::Branch,
        LibraryKind::Public,
        LibraryKind::Regional,
    ];
    let mut per_place = vec![0usize; PLACES.len()];
    (0..count)
        .map(|_| {
            let p = rng.below(PLACES.len());
            per_place[p] += 1;
            let n = per_place[p];
            let (place_uk, place_en, region_uk, region_en, country, lat, lon) = PLACES[p];
            let kind = if country == "GB" && rng.chance(50) {
                LibraryKind::LibraryService
            } else {
                *rng.pick(&kinds)
            };
            let name_uk = format!("{} №{n} ({place_uk})", capitalise(kind.label(Lang::Uk)));
            let name_en = format!("{} No. {n} ({place_en})", capitalise(kind.label(Lang::En)));
            // A few libraries are named in one language only.
            let name = match rng.below(20) {
                0 => Text::new(&name_uk, ""),
                1 => Text::new("", &name_en),
                _ => Text::new(&name_uk, &name_en),
            };
            let jitter = |rng: &mut Rng| (rng.below(2001) as f64 - 1000.0) / 50_000.0;
            Library {
                id: gen_id(&format!("library-{}-{n}", slug(place_en))).into(),
                name,
                kind,
                place: Text::new(place_uk, place_en),
                region: Text::new(region_uk, region_en),
                country: country.into(),
                coordinates: Some((lat + jitter(rng), lon + jitter(rng))),
                ..Library::default()
            }
        })
        .collect()
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Up to `max` distinct ids, at least `min`.
fn some_ids<T>(rng: &mut Rng, items: &[T], min: usize, max: usize, id: impl Fn(&T) -> &str) -> Ids {
    let mut out: Vec<&str> = Vec::new();
    for _ in 0..rng.between(min, max) {
        let candidate = id(rng.pick(items));
        if !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out.into_iter().collect()
}

#[allow(
    clippy::too_many_arguments,
    reason = "the generator's tables, passed once per service"
)]
fn service(
    rng: &mut Rng,
    i: usize,
    uk: &Chain,
    en: &Chain,
    libraries: &[Library],
    groups: &[TargetGroup],
    programmes: &[Programme],
    themes: &[Theme],
) -> Service {
    let (activity_uk, activity_en) = *rng.pick(ACTIVITIES);
    let (title_uk, title_en) = if rng.chance(40) {
        let (name_uk, name_en) = *rng.pick(NAMES);
        (
            format!("{activity_uk} «{name_uk}»"),
            format!("{activity_en} “{name_en}”"),
        )
    } else {
        (activity_uk.to_owned(), activity_en.to_owned())
    };
    let summary = (uk.paragraph(rng, 1), en.paragraph(rng, 1));
    let description = if rng.chance(30) {
        let n = rng.between(2, 4);
        (uk.paragraph(rng, n), en.paragraph(rng, n))
    } else {
        (String::new(), String::new())
    };
    // Most services are described in both languages, some in one only.
    let (has_uk, has_en) = match rng.below(100) {
        0..=7 => (true, false),
        8..=12 => (false, true),
        _ => (true, true),
    };
    let text = |uk: &str, en: &str| Text::new(if has_uk { uk } else { "" }, if has_en { en } else { "" });
    let mut libs = vec![&*libraries[rng.skewed(libraries.len())].id];
    if rng.chance(12) {
        let other = &*libraries[rng.below(libraries.len())].id;
        if !libs.contains(&other) {
            libs.push(other);
        }
    }
    let people = if rng.chance(20) {
        (0..rng.between(1, 2))
            .map(|_| {
                let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
                let (role_uk, role_en) = *rng.pick(ROLES);
                Person {
                    name: Text::new(&name, &to_latin(&name)),
                    role: Text::new(role_uk, role_en),
                }
            })
            .collect()
    } else {
        Box::default()
    };
    Service {
        id: gen_id(&format!("service-{i}")).into(),
        title: text(&title_uk, &title_en),
        other_names: OtherNames::default(),
        summary: text(&summary.0, &summary.1),
        description: text(&description.0, &description.1),
        libraries: libs.into_iter().collect(),
        target_groups: some_ids(rng, groups, 1, 3, |g| &g.id),
        programmes: if rng.chance(50) {
            some_ids(rng, programmes, 1, 2, |p| &p.id)
        } else {
            Ids::default()
        },
        themes: some_ids(rng, themes, 1, 2, |t| &t.id),
        year: rng.chance(70).then(|| 2005 + rng.below(21) as u16),
        people,
        url: if rng.chance(15) {
            format!("https://library.example/services/{i}").into()
        } else {
            Box::default()
        },
        seeds: ["generated"].into(),
    }
}

/// The first line of a generated file.
const HEADING: &str = "// A synthetic catalogue written by `libservices generate`, for benchmarks.\n";

/// How a generated catalogue is written.
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .indentor("  ".to_owned())
}

/// The catalogue as RON, in the format `libservices` reads (`Option` values written plainly).
pub fn to_ron(catalogue: &Catalogue) -> Result<String, ron::Error> {
    let mut text = String::from(HEADING);
    text.push_str(&ron::ser::to_string_pretty(catalogue, pretty())?);
    text.push('\n');
    Ok(text)
}

/// Writes [`to_ron`]'s text to `out` as it goes, without holding it.
pub fn write_ron(catalogue: &Catalogue, mut out: impl std::io::Write) -> Result<(), ron::Error> {
    out.write_all(HEADING.as_bytes())?;
    ron::Options::default().to_io_writer_pretty(&mut out, catalogue, pretty())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_catalogue_other_seed_other() {
        let a = catalogue(50, 7);
        assert_eq!(a, catalogue(50, 7));
        assert_ne!(a.services, catalogue(50, 8).services);
        assert_eq!(a.services.len(), 50);
        assert_eq!(a.libraries.len(), library_count(50));
    }

    #[test]
    fn rng_ranges() {
        let mut rng = Rng::new(1);
        for _ in 0..1000 {
            assert!(rng.below(7) < 7);
            let x = rng.between(3, 5);
            assert!((3..=5).contains(&x));
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn generated_ron_loads_and_validates_alone_and_with_the_bundled_catalogue() {
        let text = to_ron(&catalogue(300, 42)).unwrap_or_default();
        let generated = Source::from_text("generated.ron", &text);
        let alone = catalogue::load(std::slice::from_ref(&generated));
        let ds = alone.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ds.catalogue.services.len(), 300);
        assert!(ds.catalogue.target_groups.len() >= 30);
        assert!(ds.catalogue.programmes.len() >= 24);
        assert!(ds.catalogue.themes.len() >= 20);
        let both = catalogue::load(&[Source::bundled(), generated]);
        assert!(both.is_ok(), "{:?}", both.err());
    }

    #[test]
    fn written_as_it_goes_the_text_is_the_same() {
        let c = catalogue(40, 2);
        let mut written = Vec::new();
        write_ron(&c, &mut written).unwrap_or_default();
        assert_eq!(String::from_utf8(written).ok(), to_ron(&c).ok());
    }

    #[test]
    fn texts_mix_ukrainian_and_english() {
        let c = catalogue(200, 3);
        let uk_only = c.services.iter().filter(|s| s.summary.en().is_empty()).count();
        let en_only = c.services.iter().filter(|s| s.summary.uk().is_empty()).count();
        assert!(uk_only > 0 && en_only > 0, "{uk_only} {en_only}");
        assert!(c.services.iter().all(|s| !s.summary.is_empty() && !s.title.is_empty()));
        let cyrillic = c
            .services
            .iter()
            .filter(|s| s.summary.uk().chars().any(|ch| ('а'..='я').contains(&ch)))
            .count();
        assert!(cyrillic > 150, "{cyrillic}");
    }
}
