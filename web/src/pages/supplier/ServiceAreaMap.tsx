/**
 * The service area on the map: the public map's counties or municipalities (components/NorwayMap), each a
 * checkbox that adds or removes its number in the profile's service area, the picked ones coloured; below
 * it, the picked areas by name. The number fields beside it stay the same list.
 */
import { Paragraph, Spinner, ToggleGroup } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useLoad } from "../../api/use-load";
import { NorwayMap } from "../../components/NorwayMap";
import { loadPlaces, loadShapes, placeNames } from "../../geo/places";
import { useI18n } from "../../i18n/i18n";

type Level = "county" | "municipality";

export const areaList = (text: string) => text.split(/[,\s]+/).filter(Boolean);

export function ServiceAreaMap(props: {
  counties: string;
  municipalities: string;
  onChange(level: Level, text: string): void;
}) {
  const { t } = useI18n();
  const [level, setLevel] = useState<Level>("county");
  const loaded = useLoad(async () => {
    const [shapes, places] = await Promise.all([loadShapes(level), loadPlaces()]);
    return { shapes, names: placeNames(places) };
  }, level);
  const counties = areaList(props.counties);
  const municipalities = areaList(props.municipalities);
  const list = level === "county" ? counties : municipalities;
  const picked = new Set(list);
  const toggle = (id: string) =>
    props.onChange(level, (picked.has(id) ? list.filter((x) => x !== id) : [...list, id]).join(", "));
  const names = loaded.data?.names;
  const named = [...counties, ...municipalities].map((id) => `${names?.get(id) ?? id} (${id})`);
  return (
    <div className="md-stack" data-testid="service-area-map">
      <ToggleGroup
        aria-label={t("map.level")}
        value={level}
        onChange={(value) => setLevel(value === "municipality" ? "municipality" : "county")}
      >
        <ToggleGroup.Item value="county">{t("map.level.county")}</ToggleGroup.Item>
        <ToggleGroup.Item value="municipality">{t("map.level.municipality")}</ToggleGroup.Item>
      </ToggleGroup>
      <Paragraph data-size="sm">{t("profileMap.hint")}</Paragraph>
      {loaded.error && <Paragraph>{t("common.error", { message: loaded.error.message })}</Paragraph>}
      {!loaded.data && loaded.loading && <Spinner aria-label={t("map.loading")} />}
      {loaded.data && (
        <div className="md-map md-map--picker">
          <NorwayMap
            shapes={loaded.data.shapes}
            title={t(level === "county" ? "profileMap.titleCounties" : "profileMap.titleMunicipalities")}
            picked={picked}
            onPick={toggle}
            describe={(id, name) => t(picked.has(id) ? "profileMap.in" : "profileMap.out", { name, id })}
          />
        </div>
      )}
      <Paragraph data-testid="service-area-names" aria-live="polite">
        {named.length ? t("profileMap.picked", { areas: named.join(", ") }) : t("profileMap.nonePicked")}
      </Paragraph>
    </div>
  );
}
