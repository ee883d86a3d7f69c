/**
 * Names for synthetic roads. Chinese highway names join a route number to one character for each
 * end ('S254临范线'); town streets use two-character stems with 路/街. Nothing here claims to be the
 * real name of a real road in Liaocheng: the network is synthetic and labelled so.
 */
import type { Rng } from './random';

/** One-character abbreviations of the county seats and of neighbouring towns used as route ends. */
const PLACE_ABBR: Record<string, string> = {
  聊城: '聊', 茌平: '茌', 阳谷: '阳', 莘县: '莘', 东阿: '阿', 冠县: '冠', 高唐: '唐', 临清: '临',
  平原: '平', 夏津: '夏', 禹城: '禹', 济南: '济', 平阴: '阴', 东平: '东', 梁山: '梁', 台前: '台',
  范县: '范', 南乐: '南', 大名: '大', 馆陶: '馆', 临西: '西', 清河: '清', 齐河: '齐',
};

/** The distinctive part of a township or village name: 沙镇镇 → 沙镇, 李庄村村民委员会 → 李庄. */
export function placeStem(name: string): string {
  let stem = name;
  for (const suffix of ['村民委员会', '居民委员会', '村委会', '居委会', '委员会', '服务中心'])
    if (stem.endsWith(suffix)) stem = stem.slice(0, -suffix.length);
  for (const suffix of ['社区', '街道', '村', '镇', '乡'])
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 2 && !stem.endsWith('新村'))
      stem = stem.slice(0, -suffix.length);
  return stem;
}

/** 'XX村路' for a village's link road ('团结新村路', not '团结新村村路'). */
export function villageRoadName(villageName: string): string {
  const stem = placeStem(villageName);
  return stem.endsWith('村') ? `${stem}路` : `${stem}村路`;
}

export function routeName(ref: string, from: string, to: string): string {
  const a = PLACE_ABBR[from] ?? placeStem(from).slice(0, 1);
  let b = PLACE_ABBR[to] ?? placeStem(to).slice(0, 1);
  if (b === a) b = placeStem(to).slice(-1); // 齐庄—齐楼: 齐楼线, not 齐齐线
  return `${ref}${a}${b}线`;
}

/** Street-name stems of the kind found in any county town of the North China Plain. */
const STREET_STEMS = [
  '建设', '人民', '解放', '振兴', '光明', '文化', '新华', '胜利', '和平', '团结', '幸福', '利民',
  '兴业', '育才', '花园', '湖滨', '滨河', '长江', '黄河', '泰山', '昌盛', '民生', '康宁', '富民',
  '工业', '站前', '迎宾', '朝阳', '向阳', '健康', '青年', '红星', '文昌', '学府', '政通', '兴华',
  '振华', '永安', '安居', '兴隆', '银河', '阳光', '祥和', '平安', '翠园', '春晖', '东风', '东方',
  '北海', '南湖', '百花', '桂花', '海棠', '枣园', '凤凰', '运河', '古城', '崇文', '尚德', '明德',
  '厚德', '新民', '财源', '金城', '五星', '鲁西', '商业', '电力', '交通', '卫生', '教育', '体育',
  '公园', '华山', '嵩山', '衡山', '珠江', '淮河', '汇通', '恒通', '宏图', '远航', '开元', '盛世',
  '德政', '仁和', '文明', '书院', '龙山', '凤山', '聚贤', '怡和', '锦绣', '绿洲', '晨光', '丰收',
];

/** Hands out street stems without repeats inside one town. */
export class StreetNamer {
  private readonly stems: string[];
  private next = 0;

  constructor(rng: Rng) {
    this.stems = rng.shuffle([...STREET_STEMS]);
  }

  stem(): string {
    const s = this.stems[this.next % this.stems.length];
    const round = Math.floor(this.next / this.stems.length);
    this.next++;
    // A town with more streets than stems: 新建设路, 新人民路 … (rare, only in the city core)
    return round === 0 ? s : `${'新二三四'[Math.min(round - 1, 3)]}${s}`;
  }
}
