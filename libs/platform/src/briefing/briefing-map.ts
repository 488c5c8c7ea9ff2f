/** A point of the map in page units. */
export interface XY {
  x: number;
  y: number;
}

export interface MapFrame {
  /** The box drawn, in degrees. */
  west: number;
  east: number;
  south: number;
  north: number;
  /** Degrees -> page units inside the area given. */
  project(lat: number, lon: number): XY;
  /** The drawn map's size (within the area given, centred). */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * An equirectangular projection of the box around the points (with a margin, widened on its
 * narrower side to fill the area), scaled to fit the area and keeping its proportions: a degree of longitude is cos(mid-latitude) of a degree of
 * latitude, so that distances look right at the box's latitude. A box of one point still has size.
 */
export function mapFrame(points: readonly { lat: number; lon: number }[], area: { left: number; top: number; width: number; height: number }): MapFrame {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  let south = lats.length ? Math.min(...lats) : -10;
  let north = lats.length ? Math.max(...lats) : 10;
  let west = lons.length ? Math.min(...lons) : -10;
  let east = lons.length ? Math.max(...lons) : 10;
  const pad = (lo: number, hi: number): [number, number] => {
    const margin = Math.max((hi - lo) * 0.12, 2);
    return [lo - margin, hi + margin];
  };
  [south, north] = pad(south, north);
  [west, east] = pad(west, east);
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  // Widen the narrower side about its centre so that the map fills the area.
  const aspect = area.width / area.height;
  if (((east - west) * k) / (north - south) < aspect) {
    const half = ((north - south) * aspect) / k / 2;
    const mid = (west + east) / 2;
    [west, east] = [mid - half, mid + half];
  } else {
    const half = ((east - west) * k) / aspect / 2;
    const mid = (south + north) / 2;
    [south, north] = [mid - half, mid + half];
  }
  const spanX = (east - west) * k;
  const spanY = north - south;
  const scale = Math.min(area.width / spanX, area.height / spanY);
  const width = spanX * scale;
  const height = spanY * scale;
  const left = area.left + (area.width - width) / 2;
  const top = area.top + (area.height - height) / 2;
  return {
    west,
    east,
    south,
    north,
    left,
    top,
    width,
    height,
    project: (lat, lon) => ({ x: left + (lon - west) * k * scale, y: top + (north - lat) * scale }),
  };
}

/** Round graticule steps (degrees) giving about four lines across the larger span. */
export function graticuleStep(span: number): number {
  for (const step of [1, 2, 5, 10, 15, 20, 30]) if (span / step <= 6) return step;
  return 45;
}
