import { type Line, researchTask } from './build.js';

const wiki = (page: string) => `https://en.wikipedia.org/wiki/${page}`;

export const train: Line[] = [
  researchTask(
    'research_train_001',
    'medium',
    'When was Voyager 1 launched, when did it enter interstellar space, and what powers it?',
    [
      {
        url: 'https://science.nasa.gov/mission/voyager/voyager-1/',
        title: 'NASA: Voyager 1',
        text: 'Voyager 1 was launched on 5 September 1977 from Cape Canaveral aboard a Titan IIIE rocket, shortly after its twin Voyager 2.',
      },
      {
        url: wiki('Heliopause'),
        title: 'Heliopause',
        text: 'Voyager 1 crossed the heliopause and entered interstellar space in August 2012, the first human-made object to do so.',
      },
      {
        url: wiki('Radioisotope_thermoelectric_generator'),
        title: 'Radioisotope thermoelectric generator',
        text: 'Both Voyager probes are powered by radioisotope thermoelectric generators (RTGs) that convert the heat of decaying plutonium-238 into electricity; their output falls by about 4 watts a year.',
      },
    ],
    ['1977', '2012', ['radioisotope thermoelectric', 'RTG', 'RTGs', 'plutonium']],
    'Voyager 1 was launched on 5 September 1977 [1]. It crossed the heliopause into interstellar space in August 2012 [2]. It is powered by radioisotope thermoelectric generators (RTGs), which turn the heat of decaying plutonium-238 into electricity [3].',
  ),
  researchTask(
    'research_train_002',
    'medium',
    'Who discovered penicillin and when, and who shared the Nobel Prize for it?',
    [
      {
        url: wiki('Alexander_Fleming'),
        title: 'Alexander Fleming',
        text: "In 1928 Alexander Fleming noticed that a mould, Penicillium notatum, killed the bacteria around it on a culture plate at St Mary's Hospital in London.",
      },
      {
        url: wiki('Howard_Florey'),
        title: 'Howard Florey',
        text: 'Howard Florey and Ernst Chain developed penicillin into a usable drug at Oxford around 1940, leading to mass production during the Second World War.',
      },
      {
        url: 'https://www.nobelprize.org/prizes/medicine/1945/summary/',
        title: 'Nobel Prize in Physiology or Medicine 1945',
        text: 'The 1945 prize was awarded jointly to Sir Alexander Fleming, Ernst Boris Chain and Sir Howard Walter Florey for the discovery of penicillin and its curative effect.',
      },
    ],
    ['Fleming', '1928', 'Florey', 'Chain', '1945'],
    'Alexander Fleming discovered penicillin in 1928 when a Penicillium mould killed bacteria on a plate [1]. Howard Florey and Ernst Chain turned it into a usable drug around 1940 [2], and the three shared the 1945 Nobel Prize in Physiology or Medicine [3].',
  ),
  researchTask(
    'research_train_003',
    'medium',
    'When was Rust 1.0 released, where did the language start, and how does it achieve memory safety without a garbage collector?',
    [
      {
        url: 'https://blog.rust-lang.org/2015/05/15/Rust-1.0.html',
        title: 'Announcing Rust 1.0',
        text: 'Rust 1.0, the first stable release, was announced on 15 May 2015.',
      },
      {
        url: wiki('Rust_(programming_language)'),
        title: 'Rust (programming language)',
        text: 'Rust began as a personal project of Graydon Hoare and was sponsored by Mozilla Research from 2009.',
      },
      {
        url: 'https://doc.rust-lang.org/book/ch04-00-understanding-ownership.html',
        title: 'The Rust Book: Understanding Ownership',
        text: 'Ownership rules, checked at compile time by the borrow checker, let Rust guarantee memory safety without needing a garbage collector.',
      },
    ],
    ['2015', 'Mozilla', ['ownership', 'borrow checker', 'borrowing']],
    "Rust 1.0 was released on 15 May 2015 [1]. The language started as Graydon Hoare's project and was sponsored by Mozilla Research [2]. It guarantees memory safety without a garbage collector through ownership rules enforced at compile time by the borrow checker [3].",
  ),
  researchTask(
    'research_train_004',
    'hard',
    'For whom was the Great Pyramid of Giza built, how tall was it originally, and for how long was it the tallest human-made structure?',
    [
      {
        url: wiki('Great_Pyramid_of_Giza'),
        title: 'Great Pyramid of Giza',
        text: 'The Great Pyramid was built as the tomb of the Fourth Dynasty pharaoh Khufu, around 2560 BC.',
      },
      {
        url: 'https://www.britannica.com/topic/Pyramids-of-Giza',
        title: 'Britannica: Pyramids of Giza',
        text: 'The pyramid originally stood about 146.6 metres (481 feet) tall; erosion and the loss of its casing stones have reduced it to about 138.5 metres.',
      },
      {
        url: wiki('List_of_tallest_structures'),
        title: 'List of tallest structures',
        text: "It remained the tallest human-made structure in the world for more than 3,800 years, until Lincoln Cathedral's spire was completed around 1311.",
      },
    ],
    ['Khufu', ['146', '481'], ['3,800', '3800', '38 centuries']],
    'It was built as the tomb of the pharaoh Khufu around 2560 BC [1]. It originally stood about 146.6 m (481 ft) tall [2] and stayed the tallest human-made structure for more than 3,800 years, until Lincoln Cathedral around 1311 [3].',
  ),
  researchTask(
    'research_train_005',
    'hard',
    'How do C4 plants differ from C3 plants, and which crops are C4?',
    [
      {
        url: wiki('C4_carbon_fixation'),
        title: 'C4 carbon fixation',
        text: 'C4 plants first fix CO2 into a four-carbon compound in mesophyll cells and then release it around RuBisCO in bundle-sheath cells, which suppresses photorespiration.',
      },
      {
        url: wiki('C3_carbon_fixation'),
        title: 'C3 carbon fixation',
        text: 'In C3 plants, which include wheat, rice and soybeans, RuBisCO fixes CO2 directly in the Calvin cycle, producing a three-carbon compound; in hot, dry conditions they lose much energy to photorespiration.',
      },
      {
        url: 'https://www.britannica.com/science/C4-plant',
        title: 'Britannica: C4 plant',
        text: 'Important C4 crops include maize (corn), sugarcane and sorghum.',
      },
    ],
    [['four-carbon', 'four carbon', '4-carbon'], ['photorespiration'], ['maize', 'corn'], 'sugarcane'],
    'C3 plants such as wheat and rice fix CO2 directly with RuBisCO in the Calvin cycle, making a three-carbon compound, and lose energy to photorespiration in hot, dry weather [2]. C4 plants first fix CO2 into a four-carbon compound in mesophyll cells and release it around RuBisCO in bundle-sheath cells, which suppresses photorespiration [1]. C4 crops include maize (corn), sugarcane and sorghum [3].',
  ),
  researchTask(
    'research_train_006',
    'medium',
    'When did the euro come into use, where is the European Central Bank based, and how many EU countries use the euro?',
    [
      {
        url: wiki('Euro'),
        title: 'Euro',
        text: 'The euro was introduced as an accounting currency on 1 January 1999; euro banknotes and coins entered circulation on 1 January 2002.',
      },
      {
        url: 'https://www.ecb.europa.eu/ecb/html/index.en.html',
        title: 'European Central Bank: About',
        text: 'The European Central Bank, which manages the euro, is based in Frankfurt am Main, Germany.',
      },
      {
        url: wiki('Eurozone'),
        title: 'Eurozone',
        text: 'Since Croatia adopted the euro on 1 January 2023, 20 of the 27 EU member states use it.',
      },
    ],
    ['1999', '2002', 'Frankfurt', ['20', 'twenty']],
    'The euro was introduced as an accounting currency in 1999, and notes and coins went into circulation in 2002 [1]. The European Central Bank is based in Frankfurt [2]. Since Croatia joined in 2023, 20 EU countries use the euro [3].',
  ),
  researchTask(
    'research_train_007',
    'medium',
    'How high is Mount Everest according to the latest survey, who first climbed it and when, and which countries does it border?',
    [
      {
        url: wiki('Mount_Everest'),
        title: 'Mount Everest',
        text: 'A joint Chinese-Nepali survey announced in 2020 measured Everest at 8,848.86 metres above sea level.',
      },
      {
        url: wiki('1953_British_Mount_Everest_expedition'),
        title: '1953 British Mount Everest expedition',
        text: 'Edmund Hillary and Tenzing Norgay made the first confirmed ascent on 29 May 1953.',
      },
      {
        url: 'https://www.britannica.com/place/Mount-Everest',
        title: 'Britannica: Mount Everest',
        text: 'The summit lies on the border between Nepal and the Tibet Autonomous Region of China.',
      },
    ],
    [
      ['8,848.86', '8848.86', '8,849', '8849'],
      'Hillary',
      ['Tenzing', 'Norgay'],
      '1953',
      'Nepal',
      ['China', 'Tibet'],
    ],
    'The 2020 Chinese-Nepali survey measured Everest at 8,848.86 m [1]. Edmund Hillary and Tenzing Norgay made the first ascent on 29 May 1953 [2]. Its summit sits on the border between Nepal and China (Tibet) [3].',
  ),
  researchTask(
    'research_train_008',
    'easy',
    'When was the first module of the International Space Station launched, since when has it been continuously occupied, and how high does it orbit?',
    [
      {
        url: wiki('Zarya_(ISS_module)'),
        title: 'Zarya (ISS module)',
        text: 'Zarya, the first module of the International Space Station, was launched on 20 November 1998.',
      },
      {
        url: 'https://www.nasa.gov/international-space-station/',
        title: 'NASA: International Space Station',
        text: 'The station has been continuously occupied since the Expedition 1 crew arrived on 2 November 2000.',
      },
      {
        url: wiki('International_Space_Station'),
        title: 'International Space Station',
        text: 'It orbits at an altitude of roughly 400 km, circling the Earth about every 90 minutes.',
      },
    ],
    ['1998', '2000', ['400 km', '400 kilometres', '400 kilometers', '400km']],
    'The first module, Zarya, was launched on 20 November 1998 [1]. The ISS has been continuously occupied since 2 November 2000 [2]. It orbits at about 400 km, going around the Earth roughly every 90 minutes [3].',
  ),
  researchTask(
    'research_train_009',
    'easy',
    'Who created Python, when was it first released, and when did Python 3 come out?',
    [
      {
        url: wiki('Guido_van_Rossum'),
        title: 'Guido van Rossum',
        text: 'Guido van Rossum created Python and released the first version, 0.9.0, in February 1991.',
      },
      {
        url: 'https://www.python.org/download/releases/3.0/',
        title: 'Python 3.0 release',
        text: 'Python 3.0 was released on 3 December 2008 and was intentionally not backward compatible with Python 2.',
      },
      {
        url: 'https://peps.python.org/pep-0008/',
        title: 'PEP 8: Style Guide for Python Code',
        text: 'PEP 8 gives the coding conventions for the Python standard library.',
      },
    ],
    ['Guido van Rossum', '1991', '2008'],
    'Python was created by Guido van Rossum, who released the first version in February 1991 [1]. Python 3.0 followed on 3 December 2008, deliberately breaking compatibility with Python 2 [2].',
  ),
];

export const dev: Line[] = [
  researchTask(
    'research_dev_001',
    'medium',
    'When was the Hubble Space Telescope launched, what was wrong with it at first, and how large is its main mirror?',
    [
      {
        url: wiki('Hubble_Space_Telescope'),
        title: 'Hubble Space Telescope',
        text: 'Hubble was launched on 24 April 1990 aboard the Space Shuttle Discovery.',
      },
      {
        url: 'https://science.nasa.gov/mission/hubble/observatory/missions-to-hubble/servicing-mission-1/',
        title: 'NASA: Servicing Mission 1',
        text: 'Its primary mirror had been ground to the wrong shape, causing spherical aberration; astronauts installed corrective optics in December 1993.',
      },
      {
        url: 'https://esahubble.org/about/general/instruments/',
        title: 'ESA/Hubble: optics',
        text: "Hubble's primary mirror is 2.4 metres in diameter.",
      },
    ],
    [
      '1990',
      ['spherical aberration', 'wrong shape', 'flawed mirror', 'mirror flaw'],
      '1993',
      ['2.4 m', '2.4 metres', '2.4 meters', '2.4-metre', '2.4-meter'],
    ],
    'Hubble was launched on 24 April 1990 aboard Discovery [1]. Its primary mirror had been ground to the wrong shape, causing spherical aberration, which astronauts corrected in December 1993 [2]. The main mirror is 2.4 m across [3].',
  ),
  researchTask(
    'research_dev_002',
    'medium',
    'Who described the double helix structure of DNA, what evidence was key, and when was the Nobel Prize awarded for it?',
    [
      {
        url: wiki('Molecular_Structure_of_Nucleic_Acids'),
        title: 'Molecular Structure of Nucleic Acids',
        text: 'James Watson and Francis Crick published the double helix model in Nature in April 1953.',
      },
      {
        url: wiki('Photo_51'),
        title: 'Photo 51',
        text: "Photo 51, an X-ray diffraction image taken in Rosalind Franklin's laboratory, was critical evidence for the helical structure.",
      },
      {
        url: 'https://www.nobelprize.org/prizes/medicine/1962/summary/',
        title: 'Nobel Prize in Physiology or Medicine 1962',
        text: 'Francis Crick, James Watson and Maurice Wilkins shared the 1962 prize for their discoveries on the molecular structure of nucleic acids.',
      },
    ],
    ['Watson', 'Crick', '1953', ['Franklin', 'Photo 51'], '1962'],
    "James Watson and Francis Crick published the double helix model in 1953 [1]. Photo 51, an X-ray diffraction image from Rosalind Franklin's lab, was key evidence [2]. Crick, Watson and Maurice Wilkins received the Nobel Prize in 1962 [3].",
  ),
  researchTask(
    'research_dev_003',
    'easy',
    'Who started the Linux kernel and when, under what licence is it released, and name a major operating system built on it.',
    [
      {
        url: wiki('Linux_kernel'),
        title: 'Linux kernel',
        text: 'Linus Torvalds announced the Linux kernel in August 1991 as a hobby project.',
      },
      {
        url: 'https://www.kernel.org/doc/html/latest/process/license-rules.html',
        title: 'Linux kernel licensing rules',
        text: 'The Linux kernel is provided under the terms of the GNU General Public License version 2 only (GPL-2.0).',
      },
      {
        url: wiki('Android_(operating_system)'),
        title: 'Android (operating system)',
        text: 'Android is based on a modified version of the Linux kernel.',
      },
    ],
    ['Torvalds', '1991', ['GPL', 'General Public License'], 'Android'],
    'Linus Torvalds started the Linux kernel in 1991 [1]. It is released under the GNU General Public License version 2 (GPL-2.0) [2], and Android is built on a modified Linux kernel [3].',
  ),
  researchTask(
    'research_dev_004',
    'medium',
    'When did the Panama Canal open, how do its locks work, and when was it expanded?',
    [
      { url: wiki('Panama_Canal'), title: 'Panama Canal', text: 'The canal opened on 15 August 1914.' },
      {
        url: 'https://pancanal.com/en/how-the-canal-works/',
        title: 'Panama Canal Authority: how the canal works',
        text: 'Locks raise ships about 26 metres to Gatun Lake, an artificial lake, and lower them again on the other side.',
      },
      {
        url: wiki('Panama_Canal_expansion_project'),
        title: 'Panama Canal expansion project',
        text: 'A third set of larger locks opened in June 2016, allowing much bigger "Neopanamax" ships.',
      },
    ],
    ['1914', ['26 m', '26 metres', '26 meters', '85 feet'], 'Gatun', '2016'],
    'The Panama Canal opened on 15 August 1914 [1]. Its locks lift ships about 26 m up to the artificial Gatun Lake and lower them again on the far side [2]. A third, larger set of locks opened in June 2016 [3].',
  ),
  researchTask(
    'research_dev_005',
    'medium',
    'What did Marie Curie discover, which Nobel Prizes did she win, and what record did she set?',
    [
      {
        url: 'https://www.nobelprize.org/prizes/physics/1903/marie-curie/facts/',
        title: 'Nobel Prize: Marie Curie facts',
        text: 'Marie Curie shared the 1903 Nobel Prize in Physics and won the 1911 Nobel Prize in Chemistry alone.',
      },
      {
        url: wiki('Marie_Curie'),
        title: 'Marie Curie',
        text: 'With Pierre Curie she discovered the elements polonium and radium in 1898.',
      },
      {
        url: wiki('List_of_female_Nobel_laureates'),
        title: 'List of female Nobel laureates',
        text: 'She was the first woman to win a Nobel Prize and remains the only person to win Nobel Prizes in two different sciences.',
      },
    ],
    ['polonium', 'radium', '1903', '1911', ['first woman', 'two different sciences', 'two sciences']],
    'Marie Curie discovered polonium and radium with Pierre Curie in 1898 [2]. She shared the 1903 Nobel Prize in Physics and won the 1911 Nobel Prize in Chemistry [1]. She was the first woman to win a Nobel Prize and is the only person to win in two different sciences [3].',
  ),
  researchTask(
    'research_dev_006',
    'hard',
    'What caused the Antarctic ozone hole, which agreement addressed it, and when is the ozone layer expected to recover there?',
    [
      {
        url: wiki('Ozone_depletion'),
        title: 'Ozone depletion',
        text: 'Chlorofluorocarbons (CFCs) and other halocarbons release chlorine and bromine in the stratosphere, which destroy ozone, especially over Antarctica in spring.',
      },
      {
        url: wiki('Montreal_Protocol'),
        title: 'Montreal Protocol',
        text: 'The Montreal Protocol, agreed in 1987, phases out the production of ozone-depleting substances.',
      },
      {
        url: 'https://csl.noaa.gov/assessments/ozone/2022/',
        title: 'WMO/UNEP Scientific Assessment of Ozone Depletion 2022',
        text: 'If current policies remain in place, the Antarctic ozone layer is expected to recover to 1980 values around 2066.',
      },
    ],
    [['CFC', 'CFCs', 'chlorofluorocarbon', 'chlorofluorocarbons'], 'Montreal Protocol', '1987', '2066'],
    'Chlorofluorocarbons (CFCs) and related halocarbons release chlorine and bromine that destroy stratospheric ozone, most strongly over Antarctica [1]. The 1987 Montreal Protocol phases them out [2], and the Antarctic ozone layer is expected to return to 1980 levels around 2066 [3].',
  ),
  researchTask(
    'research_dev_007',
    'easy',
    'Where and when was the transistor invented, by whom, and when did they receive the Nobel Prize?',
    [
      {
        url: wiki('History_of_the_transistor'),
        title: 'History of the transistor',
        text: 'The first working point-contact transistor was demonstrated at Bell Labs in December 1947.',
      },
      {
        url: wiki('John_Bardeen'),
        title: 'John Bardeen',
        text: 'John Bardeen and Walter Brattain built the point-contact transistor; William Shockley led the group and later developed the junction transistor.',
      },
      {
        url: 'https://www.nobelprize.org/prizes/physics/1956/summary/',
        title: 'Nobel Prize in Physics 1956',
        text: 'Shockley, Bardeen and Brattain shared the 1956 Nobel Prize in Physics for their research on semiconductors and the discovery of the transistor effect.',
      },
    ],
    ['Bell Labs', '1947', 'Bardeen', 'Brattain', 'Shockley', '1956'],
    "The transistor was first demonstrated at Bell Labs in December 1947 [1] by John Bardeen and Walter Brattain, in William Shockley's group [2]. The three shared the 1956 Nobel Prize in Physics [3].",
  ),
  researchTask(
    'research_dev_008',
    'easy',
    'When did Apollo 11 land on the Moon, who were the crew, and where did it land?',
    [
      { url: wiki('Apollo_11'), title: 'Apollo 11', text: 'The lunar module Eagle landed on 20 July 1969.' },
      {
        url: 'https://www.nasa.gov/mission/apollo-11/',
        title: 'NASA: Apollo 11',
        text: 'Neil Armstrong and Buzz Aldrin walked on the Moon while Michael Collins orbited in the command module Columbia.',
      },
      {
        url: wiki('Mare_Tranquillitatis'),
        title: 'Mare Tranquillitatis',
        text: 'The landing site was in the Sea of Tranquility (Mare Tranquillitatis).',
      },
    ],
    [
      ['20 July 1969', 'July 20, 1969', '1969'],
      'Armstrong',
      'Aldrin',
      'Collins',
      ['Sea of Tranquility', 'Mare Tranquillitatis', 'Tranquility Base'],
    ],
    "Apollo 11's lunar module Eagle landed on 20 July 1969 [1]. Neil Armstrong and Buzz Aldrin walked on the Moon while Michael Collins stayed in orbit in Columbia [2]. They landed in the Sea of Tranquility [3].",
  ),
];
