// British National Grid (EPSG:27700) easting/northing → WGS84 latitude/longitude, for
// putting GIAS establishments on a map. Transverse Mercator inverse on the Airy 1830
// ellipsoid (OS "A guide to coordinate systems in Great Britain", annex C), then the
// OSGB36 → WGS84 Helmert transform, which is good to a few metres: plenty for a map pin,
// and without a 15 MB grid-shift file (OSTN15) in every runtime.

const AIRY = { a: 6377563.396, b: 6356256.909 };
const WGS84 = { a: 6378137, b: 6356752.314245 };
const F0 = 0.9996012717;
const PHI0 = (49 * Math.PI) / 180;
const LAMBDA0 = (-2 * Math.PI) / 180;
const E0 = 400000;
const N0 = -100000;

// OSGB36 → WGS84 (position-vector convention): translations in metres, rotations in arc-seconds, scale in ppm.
const HELMERT = { tx: 446.448, ty: -125.157, tz: 542.06, rx: 0.1502, ry: 0.247, rz: 0.8421, s: -20.4894 };

export interface LatLon {
  latitude: number;
  longitude: number;
}

const deg = (rad: number): number => (rad * 180) / Math.PI;

/** Grid coordinates → latitude/longitude on OSGB36 (Airy 1830), in degrees. */
export function gridToOsgb36(easting: number, northing: number): LatLon {
  const { a, b } = AIRY;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  let phi = PHI0;
  let m = 0;
  do {
    phi = (northing - N0 - m) / (a * F0) + phi;
    const dp = phi - PHI0;
    const sp = phi + PHI0;
    m =
      b *
      F0 *
      ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * dp -
        (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(dp) * Math.cos(sp) +
        ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * dp) * Math.cos(2 * sp) -
        (35 / 24) * n3 * Math.sin(3 * dp) * Math.cos(3 * sp));
  } while (Math.abs(northing - N0 - m) >= 0.00001);

  const sin = Math.sin(phi);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / Math.pow(1 - e2 * sin * sin, 1.5);
  const eta2 = nu / rho - 1;
  const tan = Math.tan(phi);
  const tan2 = tan * tan;
  const tan4 = tan2 * tan2;
  const tan6 = tan4 * tan2;
  const sec = 1 / Math.cos(phi);
  const nu3 = nu * nu * nu;
  const nu5 = nu3 * nu * nu;
  const nu7 = nu5 * nu * nu;
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
  const IX = (tan / (720 * rho * nu5)) * (61 + 90 * tan2 + 45 * tan4);
  const X = sec / nu;
  const XI = (sec / (6 * nu3)) * (nu / rho + 2 * tan2);
  const XII = (sec / (120 * nu5)) * (5 + 28 * tan2 + 24 * tan4);
  const XIIA = (sec / (5040 * nu7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);
  const dE = easting - E0;
  const lat = phi - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6;
  const lon = LAMBDA0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7;
  return { latitude: deg(lat), longitude: deg(lon) };
}

/** OSGB36 latitude/longitude (degrees, height 0) → WGS84 latitude/longitude (degrees). */
export function osgb36ToWgs84(p: LatLon): LatLon {
  const phi = (p.latitude * Math.PI) / 180;
  const lambda = (p.longitude * Math.PI) / 180;
  const e2a = 1 - (AIRY.b * AIRY.b) / (AIRY.a * AIRY.a);
  const nu = AIRY.a / Math.sqrt(1 - e2a * Math.sin(phi) ** 2);
  const x = nu * Math.cos(phi) * Math.cos(lambda);
  const y = nu * Math.cos(phi) * Math.sin(lambda);
  const z = (1 - e2a) * nu * Math.sin(phi);

  const sec = Math.PI / (180 * 3600);
  const s = HELMERT.s * 1e-6;
  const rx = HELMERT.rx * sec;
  const ry = HELMERT.ry * sec;
  const rz = HELMERT.rz * sec;
  const x2 = HELMERT.tx + (1 + s) * x - rz * y + ry * z;
  const y2 = HELMERT.ty + rz * x + (1 + s) * y - rx * z;
  const z2 = HELMERT.tz - ry * x + rx * y + (1 + s) * z;

  const e2w = 1 - (WGS84.b * WGS84.b) / (WGS84.a * WGS84.a);
  const pxy = Math.sqrt(x2 * x2 + y2 * y2);
  let lat = Math.atan2(z2, pxy * (1 - e2w));
  for (let i = 0; i < 10; i++) {
    const nuW = WGS84.a / Math.sqrt(1 - e2w * Math.sin(lat) ** 2);
    const next = Math.atan2(z2 + e2w * nuW * Math.sin(lat), pxy);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { latitude: deg(lat), longitude: deg(Math.atan2(y2, x2)) };
}

/** Easting/northing (EPSG:27700) → WGS84 latitude/longitude in degrees. */
export function bngToWgs84(easting: number, northing: number): LatLon {
  return osgb36ToWgs84(gridToOsgb36(easting, northing));
}

/** Whether grid coordinates fall inside the National Grid's extent (GB and its waters). */
export function isOnGrid(easting: number, northing: number): boolean {
  return Number.isFinite(easting) && Number.isFinite(northing) && easting >= 0 && easting <= 700000 && northing >= 0 && northing <= 1300000;
}
