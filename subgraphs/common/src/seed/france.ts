/** Demo vocabulary: Loire-Atlantique (44), where the seed return-home team works. */

export interface Commune {
  name: string;
  /** INSEE commune code. */
  code: string;
  postalCode: string;
}

export const DEPARTMENT = { code: '44', name: 'Loire-Atlantique' } as const;

export const COMMUNES: readonly Commune[] = [
  { name: 'Nantes', code: '44109', postalCode: '44000' },
  { name: 'Saint-Nazaire', code: '44184', postalCode: '44600' },
  { name: 'Rezé', code: '44143', postalCode: '44400' },
  { name: 'Saint-Herblain', code: '44162', postalCode: '44800' },
  { name: 'Orvault', code: '44114', postalCode: '44700' },
  { name: 'Vertou', code: '44215', postalCode: '44120' },
  { name: 'Carquefou', code: '44026', postalCode: '44470' },
  { name: 'La Baule-Escoublac', code: '44055', postalCode: '44500' },
  { name: 'Châteaubriant', code: '44036', postalCode: '44110' },
  { name: 'Bouguenais', code: '44020', postalCode: '44340' },
  { name: 'Couëron', code: '44047', postalCode: '44220' },
  { name: 'Guérande', code: '44069', postalCode: '44350' },
  { name: 'Pornic', code: '44131', postalCode: '44210' },
  { name: 'Clisson', code: '44043', postalCode: '44190' },
  { name: 'Blain', code: '44015', postalCode: '44130' },
  { name: 'Sainte-Luce-sur-Loire', code: '44172', postalCode: '44980' },
  { name: 'Pornichet', code: '44132', postalCode: '44380' },
  { name: 'Ancenis-Saint-Géréon', code: '44003', postalCode: '44150' },
  { name: 'Machecoul-Saint-Même', code: '44087', postalCode: '44270' },
  { name: 'Savenay', code: '44195', postalCode: '44260' },
];

export const GIRL_NAMES = [
  'Léa', 'Emma', 'Jade', 'Louise', 'Alice', 'Chloé', 'Inès', 'Manon', 'Lina', 'Camille', 'Zoé', 'Lou',
  'Mila', 'Ambre', 'Anna', 'Rose', 'Nina', 'Maëlys', 'Sarah', 'Yasmine', 'Aïcha', 'Hélène', 'Océane', 'Anaïs',
] as const;

export const BOY_NAMES = [
  'Gabriel', 'Léo', 'Raphaël', 'Arthur', 'Louis', 'Jules', 'Adam', 'Maël', 'Lucas', 'Hugo', 'Noah', 'Liam',
  'Sacha', 'Nathan', 'Théo', 'Mohamed', 'Ethan', 'Timéo', 'Éloi', 'Noé', 'Kylian', 'Yanis', 'Amine', 'Enzo',
] as const;

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Hervé', 'Le Gall', 'Guérin', 'Boucher',
  'Chevalier', 'Giraud', 'Benali', "N'Diaye", 'Nguyen', 'Traoré', 'Da Silva', 'Rivière', 'Lemaire', 'Le Goff',
  'Jégou', 'Tessier', 'Brémaud', 'Mercier', 'Blanchard', 'Gauthier', 'Perrin', 'Renaud',
] as const;

export const STREETS = [
  'rue de la Paix', 'avenue de la Libération', 'rue Jean Jaurès', 'boulevard Victor Hugo', 'rue des Écoles',
  'allée des Tilleuls', 'rue du Port', 'chemin des Vignes', 'rue Pasteur', 'place de l’Église',
] as const;
