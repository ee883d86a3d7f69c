import { open } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { parse } from 'osm-pbf-parser-node';
import { PbfReader } from 'pbf';
import type { BBox } from '../lib/app-deps';
import { NetworkFileError, type SourceWay } from './network-source';

/** The format's own limits (wiki.openstreetmap.org/wiki/PBF_Format): a BlobHeader under 64 kB, a blob under 32 MB unpacked. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
/** What a reader of version 0.6 data understands; any other required feature (history, locations on ways) is refused. */
const KNOWN_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
/** The way tags the import reads; all others are dropped as the blocks are decoded. */
const WAY_TAGS = ['highway', 'name', 'name:zh', 'ref', 'maxspeed', 'lit'];
const WAYS_PER_BATCH = 2000;

/**
 * The nodes inside the area, kept as sorted parallel typed arrays (16 bytes a node) and found by
 * binary search: memory follows the nodes in the area, never the file's size.
 */
class NodeStore {
  ids = new Float64Array(1 << 16);
  lons = new Int32Array(1 << 16);
  lats = new Int32Array(1 << 16);
  n = 0;
  last = -Infinity;

  add(id: number, lon: number, lat: number) {
    if (this.n === this.ids.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.ids, this.lons, this.lats] = [grow(this.ids), grow(this.lons), grow(this.lats)];
    }
    this.ids[this.n] = id;
    this.lons[this.n] = Math.round(lon * 1e7);
    this.lats[this.n] = Math.round(lat * 1e7);
    this.n++;
  }

  find(id: number): number {
    let [lo, hi] = [0, this.n - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The file's blocks, one at a time: [type, unpacked bytes]. */
async function* blocks(file: string, onRead: (bytes: number) => void): AsyncGenerator<['OSMHeader' | 'OSMData', Buffer]> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    let at = 0;
    const read = async (length: number, what: string) => {
      if (at + length > size) throw new NetworkFileError(`the file ends inside ${what} (at byte ${at}): it is cut short`, 'truncated');
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, at);
      at += length;
      return buf;
    };
    while (at < size) {
      const headerLength = (await read(4, 'a block header')).readUInt32BE(0);
      if (headerLength > MAX_HEADER_BYTES) throw new NetworkFileError(`not an OpenStreetMap .osm.pbf file (a block header of ${headerLength} bytes at byte ${at - 4})`, 'not_pbf');
      const header = new PbfReader(await read(headerLength, 'a block header')).readFields(
        (tag, h: { type: string; size: number }, pbf) => {
          if (tag === 1) h.type = pbf.readString();
          else if (tag === 3) h.size = pbf.readVarint();
        },
        { type: '', size: -1 },
      );
      if (header.type !== 'OSMHeader' && header.type !== 'OSMData') throw new NetworkFileError(`not an OpenStreetMap .osm.pbf file (a block of type "${header.type.slice(0, 20)}")`, 'not_pbf');
      if (header.size < 0 || header.size > MAX_BLOB_BYTES) throw new NetworkFileError(`a block of ${header.size} bytes (at most ${MAX_BLOB_BYTES} are allowed)`, 'block_too_large');
      const blob = new PbfReader(await read(header.size, 'a block')).readFields(
        (tag, b: { raw?: Uint8Array; zlib?: Uint8Array; other?: number }, pbf) => {
          if (tag === 1) b.raw = pbf.readBytes();
          else if (tag === 3) b.zlib = pbf.readBytes();
          else if (tag !== 2) b.other = tag;
        },
        {},
      );
      let data: Buffer;
      if (blob.raw) data = Buffer.from(blob.raw);
      else if (blob.zlib) {
        try {
          // A block that unpacks past the format's limit is a zip bomb, not data: stop there.
          data = inflateSync(blob.zlib, { maxOutputLength: MAX_BLOB_BYTES });
        } catch (e) {
          throw new NetworkFileError(`a block at byte ${at - header.size} cannot be unpacked (${(e as Error).message.slice(0, 80)})`, 'bad_block');
        }
      } else throw new NetworkFileError(`a block compressed in a way this reader does not know (field ${blob.other}); write the file with zlib compression`, 'compression');
      onRead(at);
      yield [header.type, data];
    }
  } finally {
    await fh.close();
  }
}

interface OsmWay {
  type: 'way';
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}
interface OsmNode {
  type: 'node';
  id: number;
  lon: number;
  lat: number;
}

/**
 * The ways of an OpenStreetMap extract that `wanted` keeps (by their tags), as lines within `bbox`,
 * read as a stream: a 500 MB Shandong extract is never held whole. The file must be sorted as every
 * extract is (nodes, then ways, each by id: osmium's Sort.Type_then_ID); a way that leaves the area
 * is cut where it does, into the parts inside.
 */
export async function* readOsmPbf(
  file: string,
  bbox: BBox,
  wanted: (tags: Record<string, string>) => boolean,
  stats: { blocks: number; bytes: number; outside: number },
): AsyncGenerator<SourceWay[]> {
  const nodes = new NodeStore();
  const [minLon, minLat, maxLon, maxLat] = bbox;
  let seenWay = false;
  let seenHeader = false;
  let batch: SourceWay[] = [];
  for await (const [type, data] of blocks(file, (bytes) => (stats.bytes = bytes))) {
    stats.blocks++;
    if (type === 'OSMHeader') {
      const required: string[] = [];
      new PbfReader(data).readFields((tag, r: string[], pbf) => {
        if (tag === 4) r.push(pbf.readString());
      }, required);
      const unknown = required.filter((f) => !KNOWN_FEATURES.has(f));
      if (unknown.length) throw new NetworkFileError(`the file needs features this reader does not have: ${unknown.join(', ').slice(0, 100)}`, 'unsupported');
      seenHeader = true;
      continue;
    }
    if (!seenHeader) throw new NetworkFileError('not an OpenStreetMap .osm.pbf file (no OSMHeader block first)', 'not_pbf');
    let items: (OsmNode | OsmWay | { type: 'relation' })[];
    try {
      items = parse(data, { withTags: { node: false, way: WAY_TAGS, relation: false }, withInfo: false }) as typeof items;
    } catch (e) {
      throw new NetworkFileError(`a damaged block (${(e as Error).message.slice(0, 80)})`, 'bad_block');
    }
    for (const item of items) {
      if (item.type === 'node') {
        if (seenWay) throw new NetworkFileError('the file is not sorted (nodes after ways): sort it first, e.g. osmium sort', 'not_sorted');
        if (item.id <= nodes.last) throw new NetworkFileError('the file is not sorted (node ids out of order): sort it first, e.g. osmium sort', 'not_sorted');
        nodes.last = item.id;
        if (item.lon >= minLon && item.lon <= maxLon && item.lat >= minLat && item.lat <= maxLat) nodes.add(item.id, item.lon, item.lat);
      } else if (item.type === 'way') {
        seenWay = true;
        if (!item.tags || !wanted(item.tags)) continue;
        // The runs of the way's nodes that lie in the area, each a line of its own.
        let run: number[] = [];
        let part = 0;
        const flush = () => {
          if (run.length >= 4) batch.push({ key: `way/${item.id}${part ? `#${part}` : ''}`, coordinates: run, props: item.tags! });
          if (run.length >= 4) part++;
          run = [];
        };
        for (const ref of item.refs) {
          const at = nodes.find(ref);
          if (at < 0) flush();
          else run.push(nodes.lons[at] / 1e7, nodes.lats[at] / 1e7);
        }
        flush();
        if (!part) stats.outside++;
        if (batch.length >= WAYS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}
