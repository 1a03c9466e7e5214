/** Name pools for synthetic patients, by culture, with the language each household prefers. */
export interface Culture {
  language: string;
  languageDisplay: string;
  /** Share of patients of this culture who need an interpreter (the app's UI language is English). */
  interpreterShare: number;
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
  cities: readonly string[];
  streets: readonly string[];
}

export const CULTURES: readonly Culture[] = [
  {
    language: 'en',
    languageDisplay: 'English',
    interpreterShare: 0,
    female: ['Emma', 'Olivia', 'Ava', 'Sophia', 'Mia', 'Charlotte', 'Amelia', 'Harper', 'Evelyn', 'Abigail', 'Emily', 'Grace', 'Chloe', 'Hannah', 'Zoe'],
    male: ['Liam', 'Noah', 'Oliver', 'James', 'William', 'Benjamin', 'Lucas', 'Henry', 'Alexander', 'Mason', 'Ethan', 'Daniel', 'Jacob', 'Michael', 'Logan'],
    family: [
      'Smith',
      'Johnson',
      'Williams',
      'Brown',
      'Jones',
      'Miller',
      'Davis',
      'Wilson',
      'Anderson',
      'Taylor',
      'Thomas',
      'Moore',
      'Jackson',
      'White',
      'Harris',
      'Clark',
      "O'Brien",
      'Walker',
    ],
    cities: ['Boston', 'Springfield', 'Portland', 'Madison', 'Columbus'],
    streets: ['Maple Street', 'Oak Avenue', 'Elm Road', 'Cedar Lane', 'Washington Blvd'],
  },
  {
    language: 'es',
    languageDisplay: 'Spanish',
    interpreterShare: 0.45,
    female: ['María', 'Lucía', 'Sofía', 'Valentina', 'Camila', 'Isabel', 'Carmen', 'Ximena', 'Guadalupe', 'Paula'],
    male: ['José', 'Juan', 'Luis', 'Carlos', 'Javier', 'Mateo', 'Santiago', 'Diego', 'Alejandro', 'Andrés'],
    family: ['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Núñez', 'Muñoz'],
    cities: ['Miami', 'San Antonio', 'El Paso', 'Los Angeles'],
    streets: ['Calle Ocho', 'Avenida del Sol', 'Mission Street'],
  },
  {
    language: 'fr',
    languageDisplay: 'French',
    interpreterShare: 0.3,
    female: ['Chloé', 'Léa', 'Manon', 'Camille', 'Inès', 'Élodie', 'Margaux', 'Océane', 'Amélie', 'Héloïse'],
    male: ['Lucas', 'Hugo', 'Louis', 'Théo', 'Gabriel', 'Raphaël', 'Jules', 'Étienne', 'Mathéo', 'François'],
    family: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Lefèvre', 'Moreau', 'Girard', 'Lévesque'],
    cities: ['New Orleans', 'Lafayette', 'Burlington'],
    streets: ['Rue Royale', 'Bourbon Street', 'Rue Saint-Louis'],
  },
  {
    language: 'de',
    languageDisplay: 'German',
    interpreterShare: 0.2,
    female: ['Anna', 'Lena', 'Lea', 'Hannah', 'Johanna', 'Sophie', 'Katharina', 'Greta', 'Lina', 'Mia'],
    male: ['Lukas', 'Jonas', 'Leon', 'Finn', 'Maximilian', 'Felix', 'Paul', 'Jörg', 'Tobias', 'Matthias'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Größer', 'Köhler'],
    cities: ['Milwaukee', 'Cincinnati', 'St. Louis'],
    streets: ['Hauptstraße', 'Lindenweg', 'Bahnhofstraße'],
  },
  {
    language: 'zh',
    languageDisplay: 'Chinese',
    interpreterShare: 0.55,
    female: ['秀英', '桂英', '丽', '静', '敏', '婷', 'Mei', 'Xiu Ying', 'Li Na', 'Jing'],
    male: ['伟', '强', '磊', '军', '洋', '杰', 'Wei', 'Jian', 'Hao', 'Zhi Wei'],
    family: ['王', '李', '张', '刘', '陈', '杨', 'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Huang'],
    cities: ['San Francisco', 'Flushing', 'Oakland'],
    streets: ['Grant Avenue', 'Main Street', 'Stockton Street'],
  },
  {
    language: 'ar',
    languageDisplay: 'Arabic',
    interpreterShare: 0.5,
    female: ['فاطمة', 'مريم', 'عائشة', 'نور', 'ليلى', 'Fatima', 'Layla', 'Noor', 'Amira', 'Yasmin'],
    male: ['محمد', 'أحمد', 'علي', 'عمر', 'يوسف', 'Mohammed', 'Ahmed', 'Omar', 'Youssef', 'Karim'],
    family: ['الحسن', 'العلي', 'منصور', 'حداد', 'Haddad', 'Mansour', 'Khalil', 'Nasser', 'Saleh', 'Farah', 'Al-Masri'],
    cities: ['Dearborn', 'Paterson', 'Anaheim'],
    streets: ['Warren Avenue', 'Main Street', 'Schaefer Road'],
  },
];

/** Weighted culture mix of the synthetic population. */
export const CULTURE_WEIGHTS = [0.5, 0.2, 0.07, 0.07, 0.08, 0.08];
