/** Norwegian texts of the supplier profile's service area on the map (supplier/ServiceAreaMap), spread into nb.ts. */
export const profileNb = {
  "profileMap.hint": "Klikk på et område (eller velg det med Tab og mellomrom) for å legge det til eller ta det bort.",
  "profileMap.titleCounties": "Velg fylker dere leverer i",
  "profileMap.titleMunicipalities": "Velg kommuner dere leverer i",
  "profileMap.in": "{name} ({id}), valgt",
  "profileMap.out": "{name} ({id})",
  "profileMap.picked": "Dere leverer i: {areas}",
  "profileMap.nonePicked": "Ingen fylker eller kommuner er valgt.",
} as const;
