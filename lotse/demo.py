"""A generated directory for benchmarks and demonstrations: `python -m lotse demo-data`.

Writes a complete content folder (services.yaml, content/directory/*.yaml in
files of at most 500 items, content/guides/*.yaml) with any number of offices
and offers in ten languages, spread over German cities, with weekly hours,
dated exceptions and appointment routes. The text is put together from
translated sentences, so every language reads like the others and search has
realistic words to find. Web and email addresses use the reserved `.example`
domain. The same seed and day give the same folder.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv")
PER_FILE = 500
SOURCE = "Generated demo data (python -m lotse demo-data), not a real office"

# City, federal state, latitude, longitude, postal code, area code, weight (bigger cities get more offices).
CITIES: tuple[tuple[str, str, float, float, str, str, int], ...] = (
    ("Berlin", "BE", 52.520, 13.405, "10115", "030", 12),
    ("Hamburg", "HH", 53.551, 9.994, "20095", "040", 8),
    ("München", "BY", 48.137, 11.575, "80331", "089", 7),
    ("Köln", "NW", 50.938, 6.960, "50667", "0221", 5),
    ("Frankfurt am Main", "HE", 50.110, 8.682, "60311", "069", 5),
    ("Stuttgart", "BW", 48.776, 9.182, "70173", "0711", 4),
    ("Düsseldorf", "NW", 51.227, 6.773, "40213", "0211", 4),
    ("Leipzig", "SN", 51.340, 12.375, "04109", "0341", 4),
    ("Dortmund", "NW", 51.514, 7.466, "44135", "0231", 3),
    ("Essen", "NW", 51.456, 7.012, "45127", "0201", 3),
    ("Bremen", "HB", 53.079, 8.802, "28195", "0421", 3),
    ("Dresden", "SN", 51.050, 13.738, "01067", "0351", 3),
    ("Hannover", "NI", 52.375, 9.732, "30159", "0511", 3),
    ("Nürnberg", "BY", 49.452, 11.077, "90402", "0911", 3),
    ("Duisburg", "NW", 51.435, 6.762, "47051", "0203", 2),
    ("Bochum", "NW", 51.482, 7.216, "44787", "0234", 2),
    ("Wuppertal", "NW", 51.256, 7.150, "42103", "0202", 2),
    ("Bielefeld", "NW", 52.030, 8.532, "33602", "0521", 2),
    ("Bonn", "NW", 50.737, 7.098, "53111", "0228", 2),
    ("Münster", "NW", 51.960, 7.626, "48143", "0251", 2),
    ("Mannheim", "BW", 49.487, 8.466, "68159", "0621", 2),
    ("Karlsruhe", "BW", 49.006, 8.404, "76133", "0721", 2),
    ("Augsburg", "BY", 48.370, 10.898, "86150", "0821", 2),
    ("Wiesbaden", "HE", 50.082, 8.240, "65183", "0611", 2),
    ("Mönchengladbach", "NW", 51.185, 6.442, "41061", "02161", 1),
    ("Braunschweig", "NI", 52.269, 10.526, "38100", "0531", 2),
    ("Kiel", "SH", 54.323, 10.123, "24103", "0431", 2),
    ("Chemnitz", "SN", 50.827, 12.921, "09111", "0371", 2),
    ("Aachen", "NW", 50.776, 6.084, "52062", "0241", 2),
    ("Halle (Saale)", "ST", 51.483, 11.970, "06108", "0345", 2),
    ("Magdeburg", "ST", 52.121, 11.628, "39104", "0391", 2),
    ("Freiburg im Breisgau", "BW", 47.999, 7.842, "79098", "0761", 2),
    ("Krefeld", "NW", 51.339, 6.586, "47798", "02151", 1),
    ("Mainz", "RP", 49.993, 8.247, "55116", "06131", 2),
    ("Lübeck", "SH", 53.866, 10.687, "23552", "0451", 1),
    ("Erfurt", "TH", 50.978, 11.029, "99084", "0361", 2),
    ("Oberhausen", "NW", 51.470, 6.852, "46045", "0208", 1),
    ("Rostock", "MV", 54.092, 12.099, "18055", "0381", 2),
    ("Kassel", "HE", 51.313, 9.480, "34117", "0561", 1),
    ("Potsdam", "BB", 52.391, 13.065, "14467", "0331", 2),
    ("Saarbrücken", "SL", 49.234, 6.997, "66111", "0681", 2),
    ("Osnabrück", "NI", 52.279, 8.047, "49074", "0541", 1),
    ("Oldenburg", "NI", 53.144, 8.214, "26122", "0441", 1),
    ("Regensburg", "BY", 49.013, 12.102, "93047", "0941", 1),
    ("Würzburg", "BY", 49.792, 9.953, "97070", "0931", 1),
    ("Jena", "TH", 50.927, 11.586, "07743", "03641", 1),
    ("Gera", "TH", 50.878, 12.083, "07545", "0365", 1),
    ("Weimar", "TH", 50.979, 11.323, "99423", "03643", 1),
    ("Cottbus", "BB", 51.756, 14.333, "03046", "0355", 1),
    ("Schwerin", "MV", 53.629, 11.414, "19053", "0385", 1),
    ("Greifswald", "MV", 54.096, 13.387, "17489", "03834", 1),
    ("Trier", "RP", 49.750, 6.637, "54290", "0651", 1),
    ("Göttingen", "NI", 51.541, 9.916, "37073", "0551", 1),
    ("Ulm", "BW", 48.401, 9.988, "89073", "0731", 1),
    ("Heidelberg", "BW", 49.399, 8.672, "69117", "06221", 1),
    ("Flensburg", "SH", 54.784, 9.437, "24937", "0461", 1),
    ("Passau", "BY", 48.573, 13.431, "94032", "0851", 1),
    ("Frankfurt (Oder)", "BB", 52.342, 14.550, "15230", "0335", 1),
    ("Zwickau", "SN", 50.718, 12.496, "08056", "0375", 1),
    ("Görlitz", "SN", 51.153, 14.987, "02826", "03581", 1),
    ("Dessau-Roßlau", "ST", 51.833, 12.246, "06844", "0340", 1),
    ("Konstanz", "BW", 47.663, 9.176, "78462", "07531", 1),
    ("Hildesheim", "NI", 52.154, 9.951, "31134", "05121", 1),
    ("Marburg", "HE", 50.809, 8.771, "35037", "06421", 1),
    ("Bamberg", "BY", 49.894, 10.886, "96047", "0951", 1),
    ("Wolfsburg", "NI", 52.423, 10.787, "38440", "05361", 1),
)

STREETS = ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Marktplatz", "Lindenstraße",
           "Am Anger", "Kirchstraße", "Gartenstraße", "Berliner Straße", "Schulstraße", "Friedrichstraße",
           "Rathausplatz", "Mühlenweg", "Ringstraße", "Bergstraße", "Karl-Marx-Straße", "Wilhelmstraße")

# Organisation name (with {city}), short name for ids and web addresses.
ORGANISATIONS = (
    ("Caritasverband {city}", "caritas"), ("Diakonie {city}", "diakonie"), ("AWO Kreisverband {city}", "awo"),
    ("DRK-Kreisverband {city}", "drk"), ("Stadt {city}", "stadt"), ("Volkshochschule {city}", "vhs"),
    ("Jobcenter {city}", "jobcenter"), ("Internationaler Bund {city}", "ib"),
    ("Frauen helfen Frauen {city} e. V.", "frauen"), ("Migrantenbeirat {city} e. V.", "migrantenbeirat"),
)

# Per category: icon, colour, and per language: name, title, title with {city}, summary with {city}, keywords.
CATEGORIES: dict[str, tuple[str, str, dict[str, tuple[str, str, str, str, str]]]] = {
    "first-orientation": ("explore", "#1f6f8b", {
        "de": ("Erstorientierung", "Erstberatung für Neuangekommene", "Ankommen in {city}: Orientierung und erste Schritte",
               "Wir erklären, welche Behörde wofür zuständig ist, und begleiten Ihre ersten Schritte in {city}.",
               "Ankommen, Orientierung, Beratung, Erstberatung, neu in Deutschland, Migrationsberatung"),
        "en": ("First orientation", "First advice for newcomers", "Arriving in {city}: orientation and first steps",
               "We explain which office is responsible for what and support your first steps in {city}.",
               "arrival, orientation, counselling, advice, new in Germany, first steps"),
        "ar": ("التوجيه الأولي", "استشارة أولى للقادمين الجدد", "الوصول إلى {city}: توجيه وخطوات أولى",
               "نشرح لك أي جهة رسمية مسؤولة عن ماذا، ونرافقك في خطواتك الأولى في {city}.",
               "وصول, توجيه, استشارة, الإرشاد الأولي, جديد في ألمانيا, الخطوات الأولى"),
        "fa": ("راهنمایی اولیه", "مشاوره اولیه برای تازه‌واردان", "ورود به {city}: راهنمایی و اولین قدم‌ها",
               "توضیح می‌دهیم کدام اداره مسئول چه کاری است و در اولین قدم‌هایتان در {city} همراهتان هستیم.",
               "ورود, راهنمایی, مشاوره, مشاوره اولیه, تازه وارد به آلمان, اولین قدم‌ها"),
        "uk": ("Перша орієнтація", "Перша консультація для новоприбулих", "Прибуття в місто {city}: орієнтація та перші кроки",
               "Ми пояснюємо, яка установа за що відповідає, і супроводжуємо ваші перші кроки у місті {city}.",
               "прибуття, орієнтація, консультація, перші кроки, новий у Німеччині"),
        "ru": ("Первичная ориентация", "Первая консультация для новоприбывших", "Прибытие в город {city}: ориентация и первые шаги",
               "Мы объясняем, какое ведомство за что отвечает, и сопровождаем ваши первые шаги в городе {city}.",
               "прибытие, ориентация, консультация, первые шаги, новый в Германии"),
        "tr": ("İlk yönlendirme", "Yeni gelenler için ilk danışmanlık", "{city} şehrine varış: yönlendirme ve ilk adımlar",
               "Hangi kurumun neden sorumlu olduğunu açıklıyor ve {city} şehrindeki ilk adımlarınızda size eşlik ediyoruz.",
               "varış, oryantasyon, danışmanlık, ilk adımlar, Almanya'da yeni"),
        "fr": ("Première orientation", "Premier conseil pour les nouveaux arrivants", "Arriver à {city} : orientation et premiers pas",
               "Nous vous expliquons quelle administration s'occupe de quoi et vous accompagnons dans vos premiers pas à {city}.",
               "arrivée, orientation, conseil, premiers pas, nouveau en Allemagne"),
        "it": ("Primo orientamento", "Prima consulenza per chi è appena arrivato", "Arrivare a {city}: orientamento e primi passi",
               "Ti spieghiamo quale ufficio si occupa di cosa e ti accompagniamo nei primi passi a {city}.",
               "arrivo, orientamento, consulenza, primi passi, nuovo in Germania"),
        "lv": ("Pirmā orientācija", "Pirmā konsultācija jaunpienācējiem", "Ierašanās ({city}): orientācija un pirmie soļi",
               "Mēs izskaidrojam, kura iestāde par ko atbild, un atbalstām jūsu pirmos soļus ({city}).",
               "ierašanās, orientācija, konsultācija, pirmie soļi, jauns Vācijā"),
    }),
    "recognition": ("workspace_premium", "#7b3f99", {
        "de": ("Anerkennung ausländischer Abschlüsse", "Anerkennungsberatung", "Beratung zur Anerkennung von Abschlüssen in {city}",
               "Wir helfen Ihnen, Ihren Berufs- oder Studienabschluss aus dem Ausland anerkennen zu lassen – in {city} und online.",
               "Anerkennung, Abschluss, Zeugnis, Diplom, Berufsabschluss, Gleichwertigkeit, Qualifikation"),
        "en": ("Recognition of foreign qualifications", "Advice on recognition", "Advice on getting qualifications recognised in {city}",
               "We help you get your vocational or university qualification from abroad recognised – in {city} and online.",
               "recognition, diploma, degree, certificate, qualification, credential, equivalence"),
        "ar": ("الاعتراف بالشهادات الأجنبية", "استشارة حول الاعتراف بالشهادات", "استشارة حول معادلة الشهادات في {city}",
               "نساعدك على الاعتراف بشهادتك المهنية أو الجامعية من الخارج – في {city} وعبر الإنترنت.",
               "الاعتراف, الاعتراف بالشهادات, معادلة الشهادات, شهادة, دبلوم, مؤهل"),
        "fa": ("به رسمیت شناختن مدارک خارجی", "مشاوره برای ارزشیابی مدرک", "مشاوره ارزشیابی مدارک در {city}",
               "کمک می‌کنیم مدرک حرفه‌ای یا دانشگاهی خارجی شما در آلمان به رسمیت شناخته شود – در {city} و به‌صورت آنلاین.",
               "ارزشیابی مدرک, به رسمیت شناختن مدرک, مدرک تحصیلی, دیپلم, صلاحیت"),
        "uk": ("Визнання іноземних дипломів", "Консультація щодо визнання дипломів", "Консультація з визнання кваліфікацій у місті {city}",
               "Ми допомагаємо визнати ваш професійний або університетський диплом з-за кордону – у місті {city} та онлайн.",
               "визнання, визнання дипломів, диплом, атестат, свідоцтво, кваліфікація"),
        "ru": ("Признание иностранных дипломов", "Консультация по признанию дипломов", "Консультация по признанию квалификаций в городе {city}",
               "Мы помогаем признать ваш профессиональный или вузовский диплом из-за рубежа – в городе {city} и онлайн.",
               "признание, признание дипломов, диплом, аттестат, свидетельство, квалификация"),
        "tr": ("Yabancı diplomaların denkliği", "Denklik danışmanlığı", "{city} şehrinde diploma denkliği danışmanlığı",
               "Yurt dışında aldığınız meslek veya üniversite diplomanızın tanınması için size yardım ediyoruz – {city} şehrinde ve çevrim içi.",
               "denklik, tanınma, diploma denkliği, diploma, sertifika, yeterlilik"),
        "fr": ("Reconnaissance des diplômes étrangers", "Conseil en reconnaissance des diplômes", "Conseil pour la reconnaissance des diplômes à {city}",
               "Nous vous aidons à faire reconnaître votre diplôme professionnel ou universitaire obtenu à l'étranger – à {city} et en ligne.",
               "reconnaissance, diplôme, équivalence, certificat, qualification"),
        "it": ("Riconoscimento dei titoli esteri", "Consulenza sul riconoscimento dei titoli", "Consulenza sul riconoscimento dei titoli a {city}",
               "Ti aiutiamo a far riconoscere il tuo titolo professionale o universitario conseguito all'estero – a {city} e online.",
               "riconoscimento, diploma, titolo di studio, equipollenza, certificato, qualifica"),
        "lv": ("Ārvalstu izglītības atzīšana", "Konsultācijas par diplomu atzīšanu", "Konsultācijas par kvalifikācijas atzīšanu ({city})",
               "Mēs palīdzam atzīt jūsu ārzemēs iegūto profesionālo vai augstākās izglītības diplomu – klātienē ({city}) un tiešsaistē.",
               "atzīšana, diplomu atzīšana, diploms, kvalifikācija, sertifikāts, līdzvērtība"),
    }),
    "women": ("diversity_1", "#b03a6f", {
        "de": ("Angebote für Frauen", "Frauentreff und Beratung", "Beratung und Kurse für Frauen in {city}",
               "Ein geschützter Ort für Frauen in {city}: Beratung, Gruppen und Kurse, auf Wunsch mit Kinderbetreuung.",
               "Frauen, Frau, Mütter, Frauengruppe, Chancengleichheit"),
        "en": ("Programmes for women", "Women's meeting point and advice", "Advice and courses for women in {city}",
               "A safe place for women in {city}: advice, groups and courses, with childcare on request.",
               "women, woman, mothers, women's group, equal opportunities"),
        "ar": ("برامج للنساء", "ملتقى نسائي واستشارة", "استشارة ودورات للنساء في {city}",
               "مكان آمن للنساء في {city}: استشارة ومجموعات ودورات، مع رعاية للأطفال عند الطلب.",
               "نساء, امرأة, المرأة, أمهات, مجموعة نسائية"),
        "fa": ("برنامه‌هایی برای زنان", "محل دیدار و مشاوره زنان", "مشاوره و دوره‌ها برای زنان در {city}",
               "مکانی امن برای زنان در {city}: مشاوره، گروه‌ها و دوره‌ها، در صورت نیاز همراه با مراقبت از کودک.",
               "زنان, زن, مادران, گروه زنان"),
        "uk": ("Програми для жінок", "Жіночий клуб і консультації", "Консультації та курси для жінок у місті {city}",
               "Безпечне місце для жінок у місті {city}: консультації, групи та курси, за бажанням із доглядом за дітьми.",
               "жінки, жінка, для жінок, матері, жіноча група"),
        "ru": ("Программы для женщин", "Женский клуб и консультации", "Консультации и курсы для женщин в городе {city}",
               "Безопасное место для женщин в городе {city}: консультации, группы и курсы, по желанию с присмотром за детьми.",
               "женщины, женщина, для женщин, матери, женская группа"),
        "tr": ("Kadınlara yönelik hizmetler", "Kadın buluşma noktası ve danışmanlık", "{city} şehrinde kadınlar için danışmanlık ve kurslar",
               "{city} şehrinde kadınlar için güvenli bir yer: danışmanlık, gruplar ve kurslar, isteğe bağlı çocuk bakımı ile.",
               "kadınlar, kadın, anneler, kadın grubu"),
        "fr": ("Offres pour les femmes", "Lieu de rencontre et conseil pour femmes", "Conseil et cours pour les femmes à {city}",
               "Un lieu sûr pour les femmes à {city} : conseil, groupes et cours, avec garde d'enfants sur demande.",
               "femmes, femme, mères, groupe de femmes"),
        "it": ("Offerte per le donne", "Punto d'incontro e consulenza per donne", "Consulenza e corsi per donne a {city}",
               "Un luogo protetto per le donne a {city}: consulenza, gruppi e corsi, con assistenza ai bambini su richiesta.",
               "donne, donna, madri, gruppo di donne"),
        "lv": ("Piedāvājumi sievietēm", "Sieviešu tikšanās vieta un konsultācijas", "Konsultācijas un kursi sievietēm ({city})",
               "Droša vieta sievietēm ({city}): konsultācijas, grupas un kursi, pēc vēlēšanās ar bērnu pieskatīšanu.",
               "sievietes, sieviete, mātes, sieviešu grupa"),
    }),
    "language": ("translate", "#2e7d32", {
        "de": ("Deutschkurse und Sprachförderung", "Integrationskurs Deutsch", "Deutsch lernen in {city}: Kurse für alle Niveaus",
               "Integrationskurse und Berufssprachkurse in {city}, von A1 bis C1, am Vormittag, am Abend oder online.",
               "Deutschkurs, Sprachkurs, Integrationskurs, Deutsch lernen, Sprachförderung, Dolmetscher"),
        "en": ("German courses and language support", "German integration course", "Learn German in {city}: courses for every level",
               "Integration courses and job-related language courses in {city}, from A1 to C1, in the morning, in the evening or online.",
               "German course, language course, integration course, learn German, interpreter"),
        "ar": ("دورات اللغة الألمانية ودعم اللغة", "دورة الاندماج للغة الألمانية", "تعلّم الألمانية في {city}: دورات لجميع المستويات",
               "دورات الاندماج ودورات اللغة المهنية في {city}، من A1 إلى C1، صباحاً أو مساءً أو عبر الإنترنت.",
               "دورة لغة ألمانية, دورة لغة, دورة الاندماج, تعلم الألمانية, مترجم"),
        "fa": ("کلاس‌های زبان آلمانی و پشتیبانی زبانی", "دوره ادغام زبان آلمانی", "یادگیری آلمانی در {city}: دوره برای همه سطح‌ها",
               "دوره‌های ادغام و دوره‌های زبان حرفه‌ای در {city}، از A1 تا C1، صبح، عصر یا آنلاین.",
               "کلاس زبان آلمانی, دوره زبان, دوره ادغام, یادگیری آلمانی, مترجم"),
        "uk": ("Курси німецької мови", "Інтеграційний курс німецької мови", "Вивчення німецької у місті {city}: курси для всіх рівнів",
               "Інтеграційні та професійні мовні курси у місті {city}, від A1 до C1, зранку, ввечері або онлайн.",
               "курс німецької, мовний курс, інтеграційний курс, вивчення німецької, перекладач"),
        "ru": ("Курсы немецкого языка", "Интеграционный курс немецкого языка", "Изучение немецкого в городе {city}: курсы для всех уровней",
               "Интеграционные и профессиональные языковые курсы в городе {city}, от A1 до C1, утром, вечером или онлайн.",
               "курс немецкого, языковой курс, интеграционный курс, изучение немецкого, переводчик"),
        "tr": ("Almanca kursları ve dil desteği", "Almanca uyum kursu", "{city} şehrinde Almanca öğrenin: her seviyeye kurs",
               "{city} şehrinde A1'den C1'e kadar uyum kursları ve mesleki dil kursları; sabah, akşam veya çevrim içi.",
               "Almanca kursu, dil kursu, uyum kursu, Almanca öğrenmek, tercüman"),
        "fr": ("Cours d'allemand et soutien linguistique", "Cours d'intégration en allemand", "Apprendre l'allemand à {city} : des cours pour tous les niveaux",
               "Cours d'intégration et cours de langue à visée professionnelle à {city}, de A1 à C1, le matin, le soir ou en ligne.",
               "cours d'allemand, cours de langue, cours d'intégration, apprendre l'allemand, interprète"),
        "it": ("Corsi di tedesco e sostegno linguistico", "Corso di integrazione di tedesco", "Imparare il tedesco a {city}: corsi per tutti i livelli",
               "Corsi di integrazione e corsi di lingua per il lavoro a {city}, da A1 a C1, di mattina, di sera oppure online.",
               "corso di tedesco, corso di lingua, corso di integrazione, imparare il tedesco, interprete"),
        "lv": ("Vācu valodas kursi un valodas atbalsts", "Vācu valodas integrācijas kurss", "Vācu valodas apguve ({city}): kursi visiem līmeņiem",
               "Integrācijas kursi un profesionālās valodas kursi ({city}) no A1 līdz C1 – no rīta, vakarā vai tiešsaistē.",
               "vācu valodas kurss, valodas kurss, integrācijas kurss, tulks"),
    }),
    "work": ("work", "#c25e00", {
        "de": ("Arbeit und Berufsberatung", "Beratung zu Arbeit und Beruf", "Jobsuche und Bewerbung in {city}",
               "Wir unterstützen Sie bei Bewerbungen, Praktika und der Suche nach Arbeit oder Ausbildung in {city}.",
               "Arbeit, Job, Jobcenter, Agentur für Arbeit, Bewerbung, Beruf, Praktikum, Arbeitgeber"),
        "en": ("Work and career counselling", "Advice on work and careers", "Job search and applications in {city}",
               "We support you with applications, internships and finding work or an apprenticeship in {city}.",
               "work, job, job centre, employment agency, application, career, internship, employer"),
        "ar": ("العمل والإرشاد المهني", "استشارة حول العمل والمهنة", "البحث عن عمل والتقديم في {city}",
               "ندعمك في طلبات التوظيف والتدريب العملي والبحث عن عمل أو تدريب مهني في {city}.",
               "عمل, وظيفة, مركز العمل, وكالة العمل, طلب توظيف, مهنة"),
        "fa": ("کار و مشاوره شغلی", "مشاوره کار و حرفه", "جستجوی کار و درخواست شغل در {city}",
               "در درخواست کار، کارآموزی و پیدا کردن کار یا دوره آموزش حرفه‌ای در {city} از شما حمایت می‌کنیم.",
               "کار, شغل, جاب‌سنتر, اداره کار, درخواست کار, کارفرما"),
        "uk": ("Робота і профорієнтація", "Консультація щодо роботи та професії", "Пошук роботи та заяви у місті {city}",
               "Ми допомагаємо з резюме, стажуваннями та пошуком роботи або професійного навчання у місті {city}.",
               "робота, вакансія, джобцентр, агентство праці, професія, роботодавець"),
        "ru": ("Работа и профориентация", "Консультация по работе и профессии", "Поиск работы и резюме в городе {city}",
               "Мы помогаем с резюме, стажировками и поиском работы или профессионального обучения в городе {city}.",
               "работа, вакансия, джобцентр, агентство по труду, профессия, работодатель"),
        "tr": ("İş ve meslek danışmanlığı", "İş ve kariyer konusunda danışmanlık", "{city} şehrinde iş arama ve başvuru",
               "{city} şehrinde iş başvuruları, stajlar ve iş ya da meslek eğitimi bulma konusunda size destek oluyoruz.",
               "iş, meslek, iş ajansı, iş başvurusu, staj, işveren"),
        "fr": ("Travail et orientation professionnelle", "Conseil sur le travail et le métier", "Recherche d'emploi et candidatures à {city}",
               "Nous vous aidons pour les candidatures, les stages et la recherche d'un emploi ou d'un apprentissage à {city}.",
               "travail, emploi, agence pour l'emploi, candidature, métier, stage"),
        "it": ("Lavoro e orientamento professionale", "Consulenza su lavoro e professione", "Ricerca di lavoro e candidature a {city}",
               "Ti aiutiamo con le candidature, i tirocini e la ricerca di un lavoro o di un apprendistato a {city}.",
               "lavoro, impiego, agenzia per il lavoro, candidatura, professione, tirocinio"),
        "lv": ("Darbs un karjeras konsultācijas", "Konsultācijas par darbu un profesiju", "Darba meklēšana un pieteikšanās ({city})",
               "Mēs palīdzam ar pieteikumiem, praksi un darba vai mācību vietas meklēšanu ({city}).",
               "darbs, darba vieta, nodarbinātības aģentūra, profesija, prakse"),
    }),
    "social-counselling": ("support_agent", "#455a64", {
        "de": ("Sozialberatung", "Migrationsberatung für Erwachsene", "Sozialberatung in {city}",
               "Hilfe bei Anträgen, Briefen von Behörden, Geldsorgen, Konflikten und Diskriminierung in {city}.",
               "Sozialberatung, Beratung, Antrag, Diskriminierung, Konflikt, Sozialarbeit"),
        "en": ("Social counselling", "Migration advice for adults", "Social counselling in {city}",
               "Help with applications, letters from authorities, money worries, conflicts and discrimination in {city}.",
               "social counselling, social work, application, discrimination, conflict, help"),
        "ar": ("الاستشارة الاجتماعية", "استشارة الهجرة للبالغين", "الاستشارة الاجتماعية في {city}",
               "مساعدة في الطلبات ورسائل الجهات الرسمية والمشاكل المالية والنزاعات والتمييز في {city}.",
               "استشارة اجتماعية, مساعدة, طلب, تمييز, نزاع"),
        "fa": ("مشاوره اجتماعی", "مشاوره مهاجرت برای بزرگسالان", "مشاوره اجتماعی در {city}",
               "کمک در درخواست‌ها، نامه‌های اداری، مشکلات مالی، اختلاف‌ها و تبعیض در {city}.",
               "مشاوره اجتماعی, کمک, درخواست, تبعیض, اختلاف"),
        "uk": ("Соціальна консультація", "Міграційна консультація для дорослих", "Соціальна консультація у місті {city}",
               "Допомога із заявами, листами від установ, грошовими проблемами, конфліктами та дискримінацією у місті {city}.",
               "соціальна консультація, допомога, заява, дискримінація, конфлікт"),
        "ru": ("Социальная консультация", "Миграционная консультация для взрослых", "Социальная консультация в городе {city}",
               "Помощь с заявлениями, письмами от ведомств, денежными проблемами, конфликтами и дискриминацией в городе {city}.",
               "социальная консультация, помощь, заявление, дискриминация, конфликт"),
        "tr": ("Sosyal danışmanlık", "Yetişkinler için göç danışmanlığı", "{city} şehrinde sosyal danışmanlık",
               "{city} şehrinde başvurular, resmî yazılar, maddi sorunlar, anlaşmazlıklar ve ayrımcılık konusunda yardım.",
               "sosyal danışmanlık, yardım, başvuru, ayrımcılık, anlaşmazlık"),
        "fr": ("Conseil social", "Conseil en migration pour adultes", "Conseil social à {city}",
               "Aide pour les demandes, les courriers des administrations, les soucis d'argent, les conflits et les discriminations à {city}.",
               "conseil social, aide, demande, discrimination, conflit"),
        "it": ("Consulenza sociale", "Consulenza per migranti adulti", "Consulenza sociale a {city}",
               "Aiuto con domande, lettere delle autorità, problemi economici, conflitti e discriminazioni a {city}.",
               "consulenza sociale, aiuto, domanda, discriminazione, conflitto"),
        "lv": ("Sociālās konsultācijas", "Migrācijas konsultācijas pieaugušajiem", "Sociālās konsultācijas ({city})",
               "Palīdzība ar iesniegumiem, iestāžu vēstulēm, naudas problēmām, konfliktiem un diskrimināciju ({city}).",
               "sociālā konsultācija, palīdzība, iesniegums, diskriminācija, konflikts"),
    }),
    "housing": ("home", "#6d4c41", {
        "de": ("Wohnen", "Beratung zur Wohnungssuche", "Wohnung finden in {city}",
               "Wir helfen bei der Wohnungssuche, beim Mietvertrag und bei Fragen zur Unterkunft in {city}.",
               "Wohnung, Wohnungssuche, Miete, Unterkunft, Wohnen"),
        "en": ("Housing", "Advice on finding a flat", "Finding a flat in {city}",
               "We help you find a flat, understand your tenancy agreement and answer questions about accommodation in {city}.",
               "flat, apartment, housing, rent, accommodation"),
        "ar": ("السكن", "استشارة حول البحث عن شقة", "إيجاد شقة في {city}",
               "نساعدك في البحث عن شقة وفهم عقد الإيجار والإجابة عن أسئلة السكن في {city}.",
               "سكن, شقة, البحث عن شقة, إيجار"),
        "fa": ("مسکن", "مشاوره برای پیدا کردن خانه", "پیدا کردن آپارتمان در {city}",
               "در پیدا کردن خانه، قرارداد اجاره و سؤال‌های مربوط به اسکان در {city} به شما کمک می‌کنیم.",
               "مسکن, آپارتمان, خانه, اجاره"),
        "uk": ("Житло", "Консультація з пошуку житла", "Пошук квартири у місті {city}",
               "Ми допомагаємо шукати житло, розібратися з договором оренди та питаннями проживання у місті {city}.",
               "житло, квартира, пошук житла, оренда"),
        "ru": ("Жильё", "Консультация по поиску жилья", "Поиск квартиры в городе {city}",
               "Мы помогаем искать жильё, разобраться с договором аренды и вопросами проживания в городе {city}.",
               "жильё, квартира, поиск жилья, аренда"),
        "tr": ("Konut", "Ev arama danışmanlığı", "{city} şehrinde ev bulmak",
               "{city} şehrinde ev aramada, kira sözleşmesinde ve barınma sorularında size yardım ediyoruz.",
               "konut, ev, daire, kira, ev arama"),
        "fr": ("Logement", "Conseil pour la recherche de logement", "Trouver un logement à {city}",
               "Nous vous aidons à chercher un logement, à comprendre votre bail et à répondre aux questions d'hébergement à {city}.",
               "logement, appartement, recherche de logement, loyer"),
        "it": ("Abitare", "Consulenza per la ricerca di casa", "Trovare casa a {city}",
               "Ti aiutiamo a cercare casa, a capire il contratto d'affitto e con le domande sull'alloggio a {city}.",
               "alloggio, appartamento, casa, affitto"),
        "lv": ("Mājoklis", "Konsultācijas dzīvokļa meklēšanā", "Dzīvokļa meklēšana ({city})",
               "Mēs palīdzam meklēt dzīvokli, saprast īres līgumu un atbildam uz jautājumiem par mājokli ({city}).",
               "mājoklis, dzīvoklis, dzīvokļa meklēšana, īre"),
    }),
    "health": ("health_and_safety", "#c62828", {
        "de": ("Gesundheit", "Gesundheitsberatung für Zugewanderte", "Ärztin oder Arzt finden in {city}",
               "Wir erklären die Krankenversicherung und helfen, in {city} eine Ärztin, einen Arzt oder eine Klinik zu finden.",
               "Gesundheit, Arzt, Ärztin, Krankenversicherung, Krankenkasse"),
        "en": ("Health", "Health advice for immigrants", "Finding a doctor in {city}",
               "We explain health insurance and help you find a doctor or a clinic in {city}.",
               "health, doctor, health insurance, medical care, hospital"),
        "ar": ("الصحة", "استشارة صحية للمهاجرين", "إيجاد طبيب في {city}",
               "نشرح لك التأمين الصحي ونساعدك على إيجاد طبيب أو عيادة في {city}.",
               "صحة, طبيب, تأمين صحي, رعاية طبية"),
        "fa": ("سلامت", "مشاوره سلامت برای مهاجران", "پیدا کردن پزشک در {city}",
               "بیمه درمانی را توضیح می‌دهیم و کمک می‌کنیم در {city} پزشک یا درمانگاه پیدا کنید.",
               "سلامت, پزشک, دکتر, بیمه درمانی"),
        "uk": ("Здоров'я", "Консультація з питань здоров'я для мігрантів", "Пошук лікаря у місті {city}",
               "Ми пояснюємо медичне страхування і допомагаємо знайти лікаря або клініку у місті {city}.",
               "здоров'я, лікар, медичне страхування, медична допомога"),
        "ru": ("Здоровье", "Консультация по вопросам здоровья для мигрантов", "Поиск врача в городе {city}",
               "Мы объясняем медицинское страхование и помогаем найти врача или клинику в городе {city}.",
               "здоровье, врач, медицинская страховка, медицинская помощь"),
        "tr": ("Sağlık", "Göçmenler için sağlık danışmanlığı", "{city} şehrinde doktor bulmak",
               "Sağlık sigortasını açıklıyor ve {city} şehrinde doktor ya da klinik bulmanıza yardım ediyoruz.",
               "sağlık, doktor, sağlık sigortası, hastane"),
        "fr": ("Santé", "Conseil santé pour les personnes immigrées", "Trouver un médecin à {city}",
               "Nous expliquons l'assurance maladie et vous aidons à trouver un médecin ou une clinique à {city}.",
               "santé, médecin, assurance maladie, soins médicaux"),
        "it": ("Salute", "Consulenza sanitaria per migranti", "Trovare un medico a {city}",
               "Spieghiamo l'assicurazione sanitaria e ti aiutiamo a trovare un medico o una clinica a {city}.",
               "salute, medico, assicurazione sanitaria, ospedale"),
        "lv": ("Veselība", "Veselības konsultācijas imigrantiem", "Ārsta meklēšana ({city})",
               "Mēs izskaidrojam veselības apdrošināšanu un palīdzam atrast ārstu vai klīniku ({city}).",
               "veselība, ārsts, veselības apdrošināšana, slimnīca"),
    }),
    "education": ("school", "#283593", {
        "de": ("Bildung und Ausbildung", "Bildungsberatung", "Schule, Ausbildung und Studium in {city}",
               "Beratung zu Schulabschluss, Ausbildung, Studium und Weiterbildung in {city}, auch für junge Erwachsene.",
               "Bildung, Ausbildung, Schule, Studium, Weiterbildung"),
        "en": ("Education and training", "Education advice", "School, apprenticeship and university in {city}",
               "Advice on school qualifications, apprenticeships, university and further training in {city}, also for young adults.",
               "education, training, apprenticeship, school, university"),
        "ar": ("التعليم والتدريب", "استشارة تعليمية", "المدرسة والتدريب المهني والدراسة في {city}",
               "استشارة حول الشهادة المدرسية والتدريب المهني والدراسة الجامعية والتعليم المستمر في {city}، للشباب أيضاً.",
               "تعليم, تدريب مهني, مدرسة, جامعة"),
        "fa": ("آموزش و کارآموزی", "مشاوره تحصیلی", "مدرسه، آموزش حرفه‌ای و دانشگاه در {city}",
               "مشاوره درباره مدرک مدرسه، آموزش حرفه‌ای، تحصیل دانشگاهی و آموزش تکمیلی در {city}، برای جوانان هم.",
               "آموزش, مدرسه, تحصیل, دانشگاه"),
        "uk": ("Освіта і професійне навчання", "Освітня консультація", "Школа, професійне навчання та університет у місті {city}",
               "Консультації щодо шкільного атестата, професійного навчання, університету та підвищення кваліфікації у місті {city}, також для молоді.",
               "освіта, професійне навчання, школа, університет"),
        "ru": ("Образование и обучение", "Консультация по образованию", "Школа, профессиональное обучение и университет в городе {city}",
               "Консультации по школьному аттестату, профессиональному обучению, учёбе в университете и повышению квалификации в городе {city}, также для молодёжи.",
               "образование, профессиональное обучение, школа, университет"),
        "tr": ("Eğitim ve meslek eğitimi", "Eğitim danışmanlığı", "{city} şehrinde okul, meslek eğitimi ve üniversite",
               "{city} şehrinde okul diploması, meslek eğitimi, üniversite ve mesleki gelişim konusunda danışmanlık; gençler için de.",
               "eğitim, meslek eğitimi, okul, üniversite"),
        "fr": ("Éducation et formation", "Conseil en éducation", "École, apprentissage et université à {city}",
               "Conseil sur les diplômes scolaires, l'apprentissage, les études et la formation continue à {city}, aussi pour les jeunes adultes.",
               "éducation, formation, apprentissage, école, université"),
        "it": ("Istruzione e formazione", "Consulenza sull'istruzione", "Scuola, apprendistato e università a {city}",
               "Consulenza su titolo di studio scolastico, apprendistato, università e formazione continua a {city}, anche per giovani adulti.",
               "istruzione, formazione, apprendistato, scuola, università"),
        "lv": ("Izglītība un apmācība", "Izglītības konsultācijas", "Skola, arodizglītība un studijas ({city})",
               "Konsultācijas par skolas izglītību, arodizglītību, studijām un tālākizglītību ({city}), arī jauniešiem.",
               "izglītība, arodizglītība, skola, studijas"),
    }),
}

TARGET_GROUPS: dict[str, dict[str, str]] = {
    "refugees": dict(zip(LANGUAGES, ("Geflüchtete", "Refugees", "اللاجئون", "پناهندگان", "Біженці", "Беженцы",
                                     "Mülteciler", "Personnes réfugiées", "Rifugiati", "Bēgļi"), strict=True)),
    "migrants": dict(zip(LANGUAGES, ("Zugewanderte", "Immigrants", "المهاجرون", "مهاجران", "Іммігранти", "Иммигранты",
                                     "Göçmenler", "Personnes immigrées", "Immigrati", "Imigranti"), strict=True)),
    "eu-citizens": dict(zip(LANGUAGES, ("EU-Bürgerinnen und -Bürger", "EU citizens", "مواطنو الاتحاد الأوروبي",
                                        "شهروندان اتحادیه اروپا", "Громадяни ЄС", "Граждане ЕС", "AB vatandaşları",
                                        "Citoyens de l'UE", "Cittadini UE", "ES pilsoņi"), strict=True)),
    "women": dict(zip(LANGUAGES, ("Frauen", "Women", "النساء", "زنان", "Жінки", "Женщины", "Kadınlar", "Femmes",
                                  "Donne", "Sievietes"), strict=True)),
    "young-people": dict(zip(LANGUAGES, ("Junge Menschen", "Young people", "الشباب", "جوانان", "Молодь", "Молодёжь",
                                         "Gençler", "Jeunes", "Giovani", "Jaunieši"), strict=True)),
    "skilled-workers": dict(zip(LANGUAGES, ("Fachkräfte", "Skilled workers", "العمال المهرة", "نیروی کار متخصص",
                                            "Фахівці", "Специалисты", "Kalifiye çalışanlar", "Travailleurs qualifiés",
                                            "Lavoratori qualificati", "Kvalificēti darbinieki"), strict=True)),
    "job-seekers": dict(zip(LANGUAGES, ("Arbeitsuchende", "Job seekers", "الباحثون عن عمل", "جویندگان کار",
                                        "Шукачі роботи", "Ищущие работу", "İş arayanlar", "Demandeurs d'emploi",
                                        "Persone in cerca di lavoro", "Darba meklētāji"), strict=True)),
    "families": dict(zip(LANGUAGES, ("Familien", "Families", "العائلات", "خانواده‌ها", "Сім'ї", "Семьи", "Aileler",
                                     "Familles", "Famiglie", "Ģimenes"), strict=True)),
}

OFFICE_KINDS: tuple[dict[str, str], ...] = tuple(dict(zip(LANGUAGES, names, strict=True)) for names in (
    ("Beratungsstelle", "Advice centre", "مركز الاستشارة", "مرکز مشاوره", "Консультаційний центр",
     "Консультационный центр", "Danışma merkezi", "Centre de conseil", "Centro di consulenza", "Konsultāciju centrs"),
    ("Migrationsberatung", "Migration advice", "استشارة الهجرة", "مشاوره مهاجرت", "Міграційна консультація",
     "Миграционная консультация", "Göç danışmanlığı", "Conseil en migration", "Consulenza per migranti",
     "Migrācijas konsultācijas"),
    ("Frauenzentrum", "Women's centre", "مركز النساء", "مرکز زنان", "Жіночий центр", "Женский центр",
     "Kadın merkezi", "Centre des femmes", "Centro donne", "Sieviešu centrs"),
    ("Bildungszentrum", "Education centre", "مركز التعليم", "مرکز آموزش", "Освітній центр", "Образовательный центр",
     "Eğitim merkezi", "Centre de formation", "Centro di formazione", "Izglītības centrs"),
    ("Integrationsbüro", "Integration office", "مكتب الاندماج", "دفتر ادغام", "Бюро інтеграції", "Бюро интеграции",
     "Uyum bürosu", "Bureau d'intégration", "Ufficio integrazione", "Integrācijas birojs"),
    ("Anlaufstelle", "Drop-in centre", "نقطة استقبال", "مرکز مراجعه", "Пункт звернення", "Пункт обращения",
     "Başvuru noktası", "Point d'accueil", "Punto di accoglienza", "Kontaktpunkts"),
))


def _texts(*rows: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    return tuple(dict(zip(LANGUAGES, row, strict=True)) for row in rows)


SENTENCES = _texts(
    ("Die Beratung ist vertraulich.", "Counselling is confidential.", "الاستشارة سرية.", "مشاوره محرمانه است.",
     "Консультація конфіденційна.", "Консультация конфиденциальна.", "Danışmanlık gizlidir.",
     "Le conseil est confidentiel.", "La consulenza è riservata.", "Konsultācija ir konfidenciāla."),
    ("Bitte bringen Sie Ihren Pass oder Ausweis mit.", "Please bring your passport or ID card.",
     "يرجى إحضار جواز السفر أو بطاقة الهوية.", "لطفاً گذرنامه یا کارت شناسایی خود را همراه بیاورید.",
     "Будь ласка, візьміть із собою паспорт або посвідчення особи.",
     "Пожалуйста, возьмите с собой паспорт или удостоверение личности.",
     "Lütfen pasaportunuzu veya kimlik kartınızı yanınızda getirin.",
     "Veuillez apporter votre passeport ou votre carte d'identité.",
     "Porta con te il passaporto o la carta d'identità.", "Lūdzu, paņemiet līdzi pasi vai personas apliecību."),
    ("Bei Bedarf organisieren wir eine Dolmetscherin oder einen Dolmetscher.", "If needed, we arrange an interpreter.",
     "عند الحاجة نوفر مترجماً.", "در صورت نیاز مترجم فراهم می‌کنیم.", "За потреби ми залучаємо перекладача.",
     "При необходимости мы приглашаем переводчика.", "Gerekirse tercüman ayarlıyoruz.",
     "Si nécessaire, nous faisons appel à un interprète.", "Se necessario, organizziamo un interprete.",
     "Ja nepieciešams, mēs nodrošinām tulku."),
    ("Sie können Ihre Kinder mitbringen.", "You can bring your children.", "يمكنك إحضار أطفالك.",
     "می‌توانید فرزندانتان را همراه بیاورید.", "Ви можете прийти з дітьми.", "Вы можете прийти с детьми.",
     "Çocuklarınızı yanınızda getirebilirsiniz.", "Vous pouvez venir avec vos enfants.",
     "Puoi portare i tuoi bambini.", "Jūs varat nākt kopā ar bērniem."),
    ("Wir helfen auch beim Ausfüllen von Formularen.", "We also help you fill in forms.",
     "نساعدك أيضاً في تعبئة الاستمارات.", "در پر کردن فرم‌ها هم کمک می‌کنیم.",
     "Ми також допомагаємо заповнювати бланки.", "Мы также помогаем заполнять формуляры.",
     "Form doldurmada da yardım ediyoruz.", "Nous vous aidons aussi à remplir les formulaires.",
     "Ti aiutiamo anche a compilare i moduli.", "Mēs palīdzam arī aizpildīt veidlapas."),
    ("Die Beratung ist auch per Video möglich.", "Counselling is also possible by video call.",
     "الاستشارة ممكنة أيضاً عبر مكالمة فيديو.", "مشاوره از طریق تماس تصویری هم ممکن است.",
     "Консультація можлива також відеозв'язком.", "Консультация возможна также по видеосвязи.",
     "Danışmanlık görüntülü görüşmeyle de mümkündür.", "Le conseil est aussi possible par appel vidéo.",
     "La consulenza è possibile anche in videochiamata.", "Konsultācija iespējama arī video zvanā."),
    ("Bitte vereinbaren Sie vorher einen Termin.", "Please make an appointment first.", "يرجى حجز موعد مسبقاً.",
     "لطفاً از قبل وقت بگیرید.", "Будь ласка, запишіться на прийом заздалегідь.",
     "Пожалуйста, запишитесь на приём заранее.", "Lütfen önceden randevu alın.",
     "Veuillez prendre rendez-vous à l'avance.", "Prendi un appuntamento in anticipo.",
     "Lūdzu, iepriekš piesakieties uz konsultāciju."),
    ("Wir arbeiten eng mit Jobcenter und Ausländerbehörde zusammen.",
     "We work closely with the job centre and the immigration office.",
     "نعمل بشكل وثيق مع مركز العمل ودائرة الأجانب.", "ما با جاب‌سنتر و اداره اتباع خارجی همکاری نزدیک داریم.",
     "Ми тісно співпрацюємо з джобцентром і відомством у справах іноземців.",
     "Мы тесно сотрудничаем с джобцентром и ведомством по делам иностранцев.",
     "Jobcenter ve yabancılar dairesi ile yakın çalışıyoruz.",
     "Nous travaillons étroitement avec le Jobcenter et le service des étrangers.",
     "Collaboriamo strettamente con il Jobcenter e l'ufficio stranieri.",
     "Mēs cieši sadarbojamies ar nodarbinātības centru un ārzemnieku iestādi."),
)

DOCUMENTS = _texts(
    ("Pass oder Ausweis", "Passport or ID card", "جواز السفر أو بطاقة الهوية", "گذرنامه یا کارت شناسایی",
     "Паспорт або посвідчення особи", "Паспорт или удостоверение личности", "Pasaport veya kimlik kartı",
     "Passeport ou carte d'identité", "Passaporto o carta d'identità", "Pase vai personas apliecība"),
    ("Aufenthaltstitel", "Residence permit", "تصريح الإقامة", "اجازه اقامت", "Посвідка на проживання",
     "Вид на жительство", "Oturma izni", "Titre de séjour", "Permesso di soggiorno", "Uzturēšanās atļauja"),
    ("Zeugnisse und Nachweise (Original und Kopie)", "Certificates and proof (original and copy)",
     "الشهادات والإثباتات (الأصل ونسخة)", "مدارک و گواهی‌ها (اصل و کپی)",
     "Свідоцтва та підтвердження (оригінал і копія)", "Свидетельства и подтверждения (оригинал и копия)",
     "Belgeler ve kanıtlar (asıl ve kopya)", "Certificats et justificatifs (original et copie)",
     "Certificati e attestati (originale e copia)", "Apliecības un pierādījumi (oriģināls un kopija)"),
    ("Briefe von Behörden, um die es geht", "Letters from authorities you have questions about",
     "رسائل الجهات الرسمية التي لديك أسئلة عنها", "نامه‌های اداری که درباره آن‌ها سؤال دارید",
     "Листи від установ, щодо яких у вас є питання", "Письма от ведомств, по которым у вас есть вопросы",
     "Hakkında sorunuz olan resmî yazılar", "Courriers des administrations qui vous posent question",
     "Lettere delle autorità su cui hai domande", "Iestāžu vēstules, par kurām jums ir jautājumi"),
)

ELIGIBILITY = _texts(
    ("Für alle Zugewanderten in {city} und Umgebung.", "For all immigrants in and around {city}.",
     "لجميع المهاجرين في {city} وما حولها.", "برای همه مهاجران در {city} و اطراف آن.",
     "Для всіх іммігрантів у місті {city} та околицях.", "Для всех иммигрантов в городе {city} и окрестностях.",
     "{city} ve çevresindeki tüm göçmenler için.", "Pour toutes les personnes immigrées à {city} et dans les environs.",
     "Per tutte le persone immigrate a {city} e dintorni.", "Visiem imigrantiem ({city}) un apkārtnē."),
    ("Für Erwachsene ab 18 Jahren, unabhängig vom Aufenthaltsstatus.",
     "For adults aged 18 and over, whatever their residence status.",
     "للبالغين من عمر 18 عاماً فما فوق، بغض النظر عن وضع الإقامة.",
     "برای بزرگسالان ۱۸ سال به بالا، صرف‌نظر از وضعیت اقامت.",
     "Для дорослих від 18 років, незалежно від статусу перебування.",
     "Для взрослых от 18 лет, независимо от статуса пребывания.",
     "Oturum durumundan bağımsız olarak 18 yaş üstü yetişkinler için.",
     "Pour les adultes de 18 ans et plus, quel que soit leur titre de séjour.",
     "Per adulti dai 18 anni in su, indipendentemente dallo status di soggiorno.",
     "Pieaugušajiem no 18 gadu vecuma neatkarīgi no uzturēšanās statusa."),
)

COST_NOTE = _texts(
    ("Ermäßigung mit Berechtigungsschein möglich.", "Reduced fee with a certificate of entitlement.",
     "تخفيض ممكن مع شهادة استحقاق.", "با گواهی استحقاق تخفیف ممکن است.", "Знижка можлива за наявності довідки.",
     "Скидка возможна при наличии справки.", "Hak belgesiyle indirim mümkündür.",
     "Tarif réduit possible avec une attestation.", "Riduzione possibile con attestato.",
     "Atlaide iespējama ar apliecinājumu."),
)[0]

CLOSED_NOTE = _texts(
    ("Wegen Umbau vorübergehend geschlossen.", "Temporarily closed for renovation.",
     "مغلق مؤقتاً بسبب أعمال التجديد.", "به دلیل بازسازی موقتاً بسته است.", "Тимчасово зачинено на ремонт.",
     "Временно закрыто на ремонт.", "Tadilat nedeniyle geçici olarak kapalı.", "Fermé temporairement pour travaux.",
     "Chiuso temporaneamente per lavori.", "Uz laiku slēgts remonta dēļ."),
)[0]

GUIDE_SUMMARY, STEP_DOCUMENTS, STEP_ADVICE = _texts(
    ("Schritt für Schritt: wer hilft, was Sie mitbringen und wie Sie einen Termin bekommen.",
     "Step by step: who helps, what to bring and how to get an appointment.",
     "خطوة بخطوة: من يساعدك، وماذا تحضر، وكيف تحصل على موعد.",
     "گام به گام: چه کسی کمک می‌کند، چه چیزی همراه بیاورید و چگونه وقت بگیرید.",
     "Крок за кроком: хто допомагає, що взяти з собою і як записатися на прийом.",
     "Шаг за шагом: кто помогает, что взять с собой и как записаться на приём.",
     "Adım adım: kim yardım eder, yanınızda ne getirmelisiniz ve nasıl randevu alırsınız.",
     "Étape par étape : qui vous aide, quoi apporter et comment obtenir un rendez-vous.",
     "Passo dopo passo: chi ti aiuta, cosa portare e come ottenere un appuntamento.",
     "Soli pa solim: kas palīdz, ko ņemt līdzi un kā pieteikties uz konsultāciju."),
    ("Unterlagen vorbereiten", "Prepare your documents", "حضّر أوراقك", "مدارک خود را آماده کنید",
     "Підготуйте документи", "Подготовьте документы", "Belgelerinizi hazırlayın", "Préparez vos documents",
     "Prepara i documenti", "Sagatavojiet dokumentus"),
    ("Beratung finden", "Find advice", "ابحث عن استشارة", "مشاوره پیدا کنید", "Знайдіть консультацію",
     "Найдите консультацию", "Danışmanlık bulun", "Trouvez un conseil", "Trova una consulenza",
     "Atrodiet konsultāciju"),
)

PAGES = {
    "welcome": {"de": "Demonstrationsdaten: erzeugte Beratungsstellen und Angebote, keine echten Adressen.",
                "en": "Demonstration data: generated offices and offers, not real addresses."},
    "about": {"de": "Dieser Inhalt wurde mit `python -m lotse demo-data` erzeugt.",
              "en": "This content was generated with `python -m lotse demo-data`."},
    "privacy": {"de": "Demonstrationsdaten enthalten keine personenbezogenen Daten.",
                "en": "Demonstration data contains no personal data."},
    "imprint": {"de": "Demonstrationsdaten, ohne Anbieter.", "en": "Demonstration data, without a provider."},
}

# Weekly hours patterns: weekday → list of (from, to, kind).
HOURS: tuple[dict[str, list[tuple[str, str, str]]], ...] = (
    {d: [("09:00", "12:00", "open")] for d in ("mon", "tue", "wed", "thu", "fri")}
    | {"tue": [("09:00", "12:00", "open"), ("14:00", "17:00", "appointment")],
       "thu": [("09:00", "12:00", "open"), ("14:00", "18:00", "appointment")]},
    {"tue": [("09:00", "12:00", "appointment")], "thu": [("09:00", "12:00", "appointment")]},
    {"mon": [("10:00", "13:00", "walk_in")], "wed": [("10:00", "13:00", "walk_in")],
     "thu": [("14:00", "18:00", "open")]},
    {d: [("08:00", "16:00", "open")] for d in ("mon", "tue", "wed", "thu")} | {"fri": [("08:00", "12:00", "open")]},
    {"wed": [("15:00", "19:00", "open")], "sat": [("10:00", "13:00", "open")]},
    {d: [("08:30", "12:30", "appointment"), ("13:30", "15:30", "appointment")] for d in ("mon", "tue", "thu")}
    | {"fri": [("08:30", "12:00", "walk_in")]},
)


_SLUG = {ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue", ord("ß"): "ss"}


def _slug(text: str) -> str:
    text = text.lower().translate(_SLUG)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class _City:
    name: str
    state: str
    lat: float
    lon: float
    postal: str
    area: str

    @property
    def slug(self) -> str:
        return _slug(self.name)


class _Generator:
    def __init__(self, seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today
        self.organisations: dict[str, dict[str, Any]] = {}
        self.offices: list[dict[str, Any]] = []
        self.offers: list[dict[str, Any]] = []
        self.offices_in: dict[str, list[dict[str, Any]]] = {}
        self.counter: dict[str, int] = {}

    def same(self, text: str) -> dict[str, str]:
        return dict.fromkeys(LANGUAGES, text)

    def next_id(self, stem: str) -> str:
        self.counter[stem] = self.counter.get(stem, 0) + 1
        return f"{stem}-{self.counter[stem]}"

    def provenance(self) -> dict[str, Any]:
        verified = self.rng.random() < 0.6
        out: dict[str, Any] = {
            "source": SOURCE,
            "last_verified": self.today - dt.timedelta(days=self.rng.randrange(0, 300)),
            "verified": verified,
        }
        if not verified and self.rng.random() < 0.5:
            out["unverified"] = self.rng.sample(["address", "phone", "hours", "website"], 2)
        return out

    def organisation(self, city: _City) -> dict[str, Any]:
        template, short = self.rng.choice(ORGANISATIONS)
        key = f"{short}-{city.slug}"
        if key not in self.organisations:
            self.organisations[key] = {
                "id": key,
                "name": self.same(template.format(city=city.name)),
                "website": f"https://{key}.example/",
                "provenance": self.provenance(),
            }
        return self.organisations[key]

    def hours(self) -> dict[str, Any] | None:
        rng = self.rng
        if rng.random() < 0.05:
            return None
        pattern = rng.choice(HOURS)
        out: dict[str, Any] = {"weekly": {day: [{"from": a, "to": b, "kind": k} for a, b, k in slots]
                                          for day, slots in pattern.items()}}
        if rng.random() < 0.3:
            start = dt.date(self.today.year, 12, 24)
            out["exceptions"] = [{"from": start, "to": start + dt.timedelta(days=7), "closed": True,
                                  "note": dict(zip(LANGUAGES, ("Betriebsferien", "Closed for the holidays",
                                                               "عطلة", "تعطیلات", "Канікули", "Каникулы", "Tatil",
                                                               "Fermeture annuelle", "Chiusura per ferie",
                                                               "Brīvdienas"), strict=True))}]
        if rng.random() < 0.1:
            day = self.today + dt.timedelta(days=rng.randrange(1, 60))
            out.setdefault("exceptions", []).append(
                {"from": day, "slots": [{"from": "10:00", "to": "14:00", "kind": "open"}]})
        return out

    def office(self, city: _City) -> dict[str, Any]:
        rng = self.rng
        org = self.organisation(city)
        kind = rng.choice(OFFICE_KINDS)
        street = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
        lat = min(max(city.lat + rng.gauss(0, 0.02), 47.3), 55.0)
        lon = min(max(city.lon + rng.gauss(0, 0.03), 5.9), 15.0)
        office: dict[str, Any] = {
            "id": self.next_id(f"{city.slug}-{org['id'].split('-')[0]}"),
            "organisation": org["id"],
            "name": {lang: f"{kind[lang]} – {org['name'][lang]} ({street})" for lang in LANGUAGES},
            "address": {"street": street, "postal_code": f"{int(city.postal) + rng.randrange(0, 40):05d}",
                        "city": city.name, "state": city.state},
            "location": {"lat": round(lat, 5), "lon": round(lon, 5)},
            "phone": f"{city.area} {rng.randrange(100, 999)} {rng.randrange(100, 9999)}",
            "email": f"beratung@{org['id']}.example",
            "website": org["website"],
            "languages": ["de", *rng.sample([lang for lang in LANGUAGES if lang != "de"], rng.randrange(0, 4))],
            "wheelchair": rng.choices(["yes", "limited", "no", "unknown"], [5, 2, 1, 2])[0],
        }
        if rng.random() < 0.02:
            office["temporarily_closed"] = True
            office["closed_note"] = CLOSED_NOTE
        hours = self.hours()
        if hours is not None:
            office["hours"] = hours
        office["provenance"] = self.provenance()
        self.offices.append(office)
        self.offices_in.setdefault(city.name, []).append(office)
        return office

    def offer(self, office: dict[str, Any], city: _City) -> dict[str, Any]:
        rng = self.rng
        category = rng.choice(list(CATEGORIES))
        texts = CATEGORIES[category][2]
        with_city = rng.random() < 0.6
        sentences = rng.sample(range(len(SENTENCES)), rng.randrange(2, 5))
        others = [o for o in self.offices_in[city.name] if o is not office]
        offices = [office["id"]] + ([rng.choice(others)["id"]] if others and rng.random() < 0.1 else [])
        groups = rng.sample(list(TARGET_GROUPS), rng.randrange(1, 4))
        if category == "women" and "women" not in groups:
            groups.append("women")
        offer: dict[str, Any] = {
            "id": self.next_id(f"{city.slug}-{category}"),
            "offices": offices,
            "category": category,
        }
        further = [c for c in rng.sample(list(CATEGORIES), 2) if c != category][: rng.randrange(0, 2)]
        if further:
            offer["categories"] = further
        offer["target_groups"] = groups
        offer["title"] = {lang: texts[lang][2 if with_city else 1].format(city=city.name) for lang in LANGUAGES}
        offer["summary"] = {lang: texts[lang][3].format(city=city.name) for lang in LANGUAGES}
        offer["description"] = {lang: " ".join(SENTENCES[i][lang] for i in sentences) for lang in LANGUAGES}
        if rng.random() < 0.9:
            offer["cost"] = "free"
        else:
            offer["cost"] = {"free": False, "amount": rng.choice([10, 25, 40, 80, 120]), "note": COST_NOTE}
        eligibility = rng.choice(ELIGIBILITY)
        offer["eligibility"] = {lang: eligibility[lang].format(city=city.name) for lang in LANGUAGES}
        offer["documents"] = [DOCUMENTS[i] for i in sorted(rng.sample(range(len(DOCUMENTS)), rng.randrange(1, 4)))]
        offer["keywords"] = {lang: rng.sample([w.strip() for w in texts[lang][4].split(",")], 3) for lang in LANGUAGES}
        offer["routes"] = self.routes(office, others)
        offer["provenance"] = self.provenance()
        self.offers.append(offer)
        return offer

    def routes(self, office: dict[str, Any], others: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        spoken = office["languages"]
        options: list[dict[str, Any]] = [
            {"type": "phone", "target": office["phone"], "languages": rng.sample(spoken, min(len(spoken), 2))},
            {"type": "email", "target": office["email"]},
            {"type": "online", "target": f"{office['website']}termine"},
            {"type": "walk_in", "target": office["id"]},
        ]
        if others:
            options.append({"type": "referral", "target": rng.choice(others)["id"]})
        rng.shuffle(options)
        return options[: rng.randrange(1, 4)]

    def guides(self) -> list[dict[str, Any]]:
        guides = []
        for category, (_, _, texts) in CATEGORIES.items():
            offers = [o["id"] for o in self.offers if o["category"] == category][:6]
            if not offers:
                continue
            guides.append({
                "id": f"guide-{category}",
                "title": {lang: texts[lang][0] for lang in LANGUAGES},
                "summary": GUIDE_SUMMARY,
                "categories": [category],
                "keywords": {lang: [w.strip() for w in texts[lang][4].split(",")] for lang in LANGUAGES},
                "steps": [
                    {"title": STEP_DOCUMENTS, "text": SENTENCES[1]},
                    {"title": STEP_ADVICE, "text": SENTENCES[6], "offers": offers},
                ],
            })
        return guides


def generate(offices: int, offers: int, seed: int = 1, today: dt.date | None = None) -> dict[str, Any]:
    """The whole directory as plain data: `services`, `organisations`, `offices`, `offers`, `guides`."""
    gen = _Generator(seed, today or dt.date.today())
    cities = [_City(*c[:6]) for c in CITIES]
    weights = [c[6] for c in CITIES]
    # Every city gets an office before any gets a second one, as long as there are enough.
    for i in range(offices):
        city = cities[i] if i < len(cities) else gen.rng.choices(cities, weights)[0]
        gen.office(city)
    by_name = {c.name: c for c in cities}
    for _ in range(offers if offices else 0):
        office = gen.rng.choice(gen.offices)
        gen.offer(office, by_name[office["address"]["city"]])
    services = {
        "site": {
            "name": gen.same("Lotse – Demo"),
            "default_language": "de",
            "languages": list(LANGUAGES),
            "fallback": ["en", "de"],
            "timezone": "Europe/Berlin",
            "region": {"south": 47.2, "west": 5.8, "north": 55.1, "east": 15.1},
            "map": {"center": {"lat": 51.2, "lon": 10.4}, "zoom": 6},
            "stale_after_days": 365,
        },
        "include": ["content/directory/*.yaml"],
        "categories": [
            {"id": cid, "icon": icon, "color": color,
             "name": {lang: texts[lang][0] for lang in LANGUAGES},
             "keywords": {lang: [w.strip() for w in texts[lang][4].split(",")] for lang in LANGUAGES}}
            for cid, (icon, color, texts) in CATEGORIES.items()
        ],
        "target_groups": [{"id": gid, "name": names} for gid, names in TARGET_GROUPS.items()],
    }
    return {
        "services": services,
        "organisations": list(gen.organisations.values()),
        "offices": gen.offices,
        "offers": gen.offers,
        "guides": gen.guides(),
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes shared texts out in full, as an editor would, instead of YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# Generated by `python -m lotse demo-data`: demonstration data, not real offices.\n")
        yaml.dump(data, fh, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return path


def write(out: Path, offices: int, offers: int, seed: int = 1, today: dt.date | None = None) -> list[Path]:
    """Write a content folder to `out`, which must not exist or be empty; returns the files written."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose a new folder for the demo data")
    data = generate(offices, offers, seed, today)
    written = [_dump(out / "services.yaml", data["services"])]
    directory = out / "content" / "directory"
    for section in ("organisations", "offices", "offers"):
        items = data[section]
        for n, start in enumerate(range(0, len(items), PER_FILE), start=1):
            written.append(_dump(directory / f"{section}-{n:02d}.yaml", {section: items[start:start + PER_FILE]}))
    for guide in data["guides"]:
        written.append(_dump(out / "content" / "guides" / f"{guide['id']}.yaml", guide))
    pages = out / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name, texts in PAGES.items():
        for lang, text in texts.items():
            path = pages / f"{name}.{lang}.md"
            path.write_text(text + "\n", encoding="utf-8")
            written.append(path)
    return written
