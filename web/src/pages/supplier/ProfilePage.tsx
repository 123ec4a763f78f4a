/**
 * The supplier's capability profile (/leverandor/profil): what it does, CPV codes picked from the real
 * Norwegian CPV list, industry (NACE) codes, where it works. Saved whole with PUT /suppliers/{orgId}/profile;
 * the API's field problems stand next to the fields. Certifications and contact are kept as they were.
 */
import {
  Alert,
  Button,
  Checkbox,
  Field,
  Fieldset,
  Heading,
  Label,
  Select,
  Spinner,
  Textfield,
} from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { useI18n } from "../../i18n/i18n";
import { CodePicker, type PickedCode } from "../signed-in/CodePicker";
import { FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";
import { ApiError } from "../../api/client";
import { areaList, ServiceAreaMap } from "./ServiceAreaMap";

type Profile = Schemas["SupplierProfile"];
const SIZES = ["micro", "small", "medium", "large"] as const;

interface Fields {
  name: string;
  description: string;
  capabilities: string;
  municipality: string;
  serviceMunicipalities: string;
  serviceCounties: string;
  national: boolean;
  cpv: PickedCode[];
  nace: PickedCode[];
  size: "" | (typeof SIZES)[number];
  website: string;
  matchOnProfile: boolean;
}

const fieldsOf = (p: Profile | undefined, orgName: string): Fields => ({
  name: p?.name ?? orgName,
  description: p?.description ?? "",
  capabilities: p?.capabilities ?? "",
  municipality: p?.municipality ?? "",
  serviceMunicipalities: p?.serviceArea.municipalities.join(", ") ?? "",
  serviceCounties: p?.serviceArea.counties.join(", ") ?? "",
  national: p?.serviceArea.national ?? false,
  cpv: p?.cpvDetails.map((c) => ({ code: c.code, label: c.labelNb })) ?? [],
  nace: p?.nace.map((code) => ({ code })) ?? [],
  size: p?.size ?? "",
  website: p?.website ?? "",
  matchOnProfile: p?.matchOnProfile ?? true,
});

const IDS: Record<string, string> = {
  name: "profile-name",
  description: "profile-description",
  capabilities: "profile-capabilities",
  municipality: "profile-municipality",
  "serviceArea.municipalities": "profile-serviceMunicipalities",
  "serviceArea.counties": "profile-serviceCounties",
  serviceArea: "profile-serviceMunicipalities",
  cpv: "profile-cpv",
  nace: "profile-nace",
  website: "profile-website",
};

export default function ProfilePage() {
  const { t } = useI18n();
  const user = useUser();
  const loaded = useLoad(
    () =>
      unwrap(api.GET("/api/v1/suppliers/{orgId}", { params: { path: { orgId: user.orgId } } })).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      }),
    user.orgId,
  );
  if (loaded.loading) return <Spinner aria-label={t("common.loading")} />;
  if (loaded.error) return <RequestProblem error={loaded.error} />;
  return <ProfileForm profile={loaded.data} />;
}

function ProfileForm({ profile }: { profile: Profile | undefined }) {
  const { t } = useI18n();
  const user = useUser();
  const [f, setF] = useState(() => fieldsOf(profile, user.orgName));
  const [saved, setSaved] = useState<Profile | undefined>();
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));
  const err = (...paths: string[]) => {
    const found = problemAt(problems, ...paths);
    return found ? <FieldError problems={found} /> : undefined;
  };
  const text = (
    key: "name" | "description" | "capabilities" | "municipality" | "website",
    path: string,
    multiline = false,
  ) => {
    const common = { id: `profile-${key}`, label: t(`flows.profile.${key}`), value: f[key], error: err(path) };
    return multiline ? (
      <Textfield {...common} multiline rows={4} onChange={(e) => set(key, e.target.value)} />
    ) : (
      <Textfield {...common} onChange={(e) => set(key, e.target.value)} />
    );
  };
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(undefined);
    const body: Schemas["SupplierProfileInput"] = {
      name: f.name,
      description: f.description,
      capabilities: f.capabilities,
      municipality: f.municipality.trim(),
      serviceArea: {
        municipalities: areaList(f.serviceMunicipalities),
        counties: areaList(f.serviceCounties),
        national: f.national,
      },
      cpv: f.cpv.map((c) => c.code),
      nace: f.nace.map((c) => c.code),
      ...(f.size && { size: f.size }),
      ...(f.website.trim() && { website: f.website.trim() }),
      matchOnProfile: f.matchOnProfile,
      ...(profile?.certifications.length && { certifications: profile.certifications.map((c) => c.code) }),
      ...(profile?.contact && { contact: profile.contact }),
      ...(profile && profile.municipality === f.municipality.trim() && { location: profile.location }),
    };
    try {
      setSaved(
        await unwrap(api.PUT("/api/v1/suppliers/{orgId}/profile", { params: { path: { orgId: user.orgId } }, body })),
      );
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <>
      <Heading level={1}>{t("flows.profile.title")}</Heading>
      <form noValidate className="mdf-form" onSubmit={(e) => void save(e)}>
        <RequestProblem error={error} fieldIds={IDS} />
        {saved && (
          <Alert data-color="success" data-testid="saved">
            {t("flows.profile.saved", { version: saved.version })}
          </Alert>
        )}
        {text("name", "name")}
        {text("description", "description", true)}
        {text("capabilities", "capabilities", true)}
        {text("municipality", "municipality")}
        <Fieldset>
          <Fieldset.Legend>{t("flows.profile.serviceArea")}</Fieldset.Legend>
          <Textfield
            id="profile-serviceMunicipalities"
            label={t("flows.need.municipalities")}
            description={t("flows.need.municipalitiesHint")}
            value={f.serviceMunicipalities}
            onChange={(e) => set("serviceMunicipalities", e.target.value)}
            error={err("serviceArea.municipalities", "serviceArea")}
          />
          <Textfield
            id="profile-serviceCounties"
            label={t("flows.need.counties")}
            description={t("flows.need.countiesHint")}
            value={f.serviceCounties}
            onChange={(e) => set("serviceCounties", e.target.value)}
            error={err("serviceArea.counties")}
          />
          <ServiceAreaMap
            counties={f.serviceCounties}
            municipalities={f.serviceMunicipalities}
            onChange={(level, text) => set(level === "county" ? "serviceCounties" : "serviceMunicipalities", text)}
          />
          <Checkbox
            label={t("flows.profile.national")}
            checked={f.national}
            onChange={(e) => set("national", e.target.checked)}
          />
        </Fieldset>
        <CodePicker
          id="profile-cpv"
          kind="cpv"
          legend={t("need.cpv")}
          value={f.cpv}
          onChange={(v) => set("cpv", v)}
          error={err("cpv")}
        />
        <CodePicker
          id="profile-nace"
          kind="nace"
          legend={t("flows.profile.nace")}
          value={f.nace}
          onChange={(v) => set("nace", v)}
          error={err("nace")}
        />
        <Field>
          <Label htmlFor="profile-size">{t("flows.profile.size")}</Label>
          <Select id="profile-size" value={f.size} onChange={(e) => set("size", e.target.value as Fields["size"])}>
            <Select.Option value="">{t("flows.profile.size.unknown")}</Select.Option>
            {SIZES.map((s) => (
              <Select.Option key={s} value={s}>
                {t(`flows.profile.size.${s}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        {text("website", "website")}
        <Checkbox
          label={t("flows.profile.matchOnProfile")}
          checked={f.matchOnProfile}
          onChange={(e) => set("matchOnProfile", e.target.checked)}
        />
        <div className="mdf-actions">
          <Button type="submit">{t("flows.profile.save")}</Button>
        </div>
      </form>
    </>
  );
}
