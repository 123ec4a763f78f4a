/** Between the domain's points (`lat`, `lon`) and the search documents' `_geo` (`lat`, `lng`, as Meilisearch has it). */
import type { GeoPoint } from "./types";

export const geoPoint = (point: { lat: number; lon: number }): GeoPoint => ({ lat: point.lat, lng: point.lon });

export const latLon = (geo: GeoPoint): { lat: number; lon: number } => ({ lat: geo.lat, lon: geo.lng });
