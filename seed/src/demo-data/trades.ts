import { LOCAL_TRADES } from "./trades-local";
import { SERVICE_TRADES } from "./trades-services";
import { NATIONAL_TRADES } from "./trades-national";
import { REGIONAL_TRADES } from "./trades-regional";

/** Every trade, in a fixed order: the demo's supplier list is drawn in this order. */
export const TRADES = [...LOCAL_TRADES, ...SERVICE_TRADES, ...NATIONAL_TRADES, ...REGIONAL_TRADES];
