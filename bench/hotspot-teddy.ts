/**
 * Top 5 hotspots of the 4,326 public messages with likes and dislikes,
 * printed as a hotspot table and a message detail table.
 * Run: npx tsx bench/hotspot-teddy.ts
 */
import { rankAppeals } from '../src/hotspot/list-hotspots.ts';
import type { StoredAppeal } from '../src/hotspot/stored-appeals.ts';
import { readTeddy } from '../test/hotspot/teddy-data.ts';

const messages = readTeddy('att3');
const appeals: StoredAppeal[] = messages.map((message, id) => ({
  id,
  title: message.title,
  body: message.body,
  receivedAt: message.time,
  caller: message.user,
  category: null,
  division: null,
  places: null,
  likes: message.likes,
  dislikes: message.dislikes,
}));
const hotspots = rankAppeals(appeals, { top: 5 });
console.log('| 热度排名 | 热度指数 | 时间范围 | 地点/人群 | 问题描述 | 留言数 |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const hotspot of hotspots) {
  const { cluster } = hotspot;
  console.log(
    `| ${hotspot.rank} | ${hotspot.score.toFixed(2)} | ${cluster.firstAt?.slice(0, 10)} 至 ` +
      `${cluster.lastAt?.slice(0, 10)} | ${cluster.place ?? '—'} | ${cluster.label} | ${cluster.count} |`,
  );
}
console.log('\n| 问题ID | 留言编号 | 留言时间 | 留言主题 | 点赞数 | 反对数 |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const hotspot of hotspots) {
  for (const appeal of hotspot.appeals) {
    const message = messages[appeal.id];
    console.log(
      `| ${hotspot.rank} | ${message?.id} | ${appeal.receivedAt} | ${appeal.title} | ${appeal.likes} | ${appeal.dislikes} |`,
    );
  }
}
