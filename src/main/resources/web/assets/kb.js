import { me, getJson, post, element } from './api.js';

const form = document.getElementById('search-form');
const q = document.getElementById('q');
const category = document.getElementById('category');
const status = document.getElementById('status');
const results = document.getElementById('results');
const article = document.getElementById('article');

// The search API marks matched words with <em> in otherwise HTML-escaped text: keep the marks, show the rest as text.
function snippet(html) {
  const out = document.createDocumentFragment();
  const parts = html.split(/<em>|<\/em>/);
  parts.forEach((part, i) => {
    const text = new DOMParser().parseFromString(part, 'text/html').documentElement.textContent;
    out.appendChild(i % 2 === 1 ? element('mark', text) : document.createTextNode(text));
  });
  return out;
}

async function search() {
  const text = q.value.trim();
  if (!text) {
    return;
  }
  const params = new URLSearchParams({ q: text, limit: '10' });
  if (category.value) {
    params.set('category', category.value);
  }
  history.replaceState(null, '', '/kb?' + params.toString());
  status.textContent = '搜索中…';
  try {
    const body = await getJson('/api/kb/search?' + params.toString());
    results.replaceChildren();
    body.hits.forEach((hit) => {
      const item = element('li', undefined, 'hit');
      const title = element('a', hit.title);
      title.href = '#' + hit.id;
      title.dataset.id = hit.id;
      title.addEventListener('click', (e) => { e.preventDefault(); open(hit.id); });
      item.append(title, element('span', hit.categoryName + (hit.region && hit.region !== 'national' ? ' · ' + hit.region : ''), 'tag'));
      const p = element('p', undefined, 'snippet');
      p.appendChild(snippet(hit.snippet || ''));
      item.appendChild(p);
      results.appendChild(item);
    });
    // The caller's words are echoed back as text: whatever they contain stays text.
    status.textContent = body.hits.length ? '“' + text + '”：找到 ' + body.total + ' 篇，用时 ' + body.tookMs + ' 毫秒'
      : '“' + text + '”：没有找到相关文章，' + (body.referral ? '不属于12333受理范围，请引导来电人联系：' + body.referral.to
        : '请换个说法，或转相关部门/热线');
  } catch (e) {
    status.textContent = '搜索失败：' + e.message;
  }
}

async function open(id) {
  try {
    const a = await getJson('/api/kb/articles/' + encodeURIComponent(id));
    document.getElementById('article-title').textContent = a.title;
    document.getElementById('article-meta').textContent = a.categoryName + ' · ' + (a.region === 'national' ? '全国' : a.region)
      + ' · 自 ' + a.effective + ' 起' + (a.expires ? '，至 ' + a.expires : '');
    // Rendered by the server from Markdown with raw HTML escaped and unsafe links dropped (kb.ArticlePages).
    document.getElementById('article-body').innerHTML = a.html;
    const sources = document.getElementById('article-sources');
    sources.replaceChildren(...a.sources.map((s) => element('li', s)));
    article.hidden = false;
    article.dataset.id = a.id;
  } catch (e) {
    status.textContent = '打开文章失败：' + e.message;
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
document.getElementById('close-article').addEventListener('click', () => { article.hidden = true; });
document.getElementById('logout').addEventListener('click', async () => {
  await post('/api/logout');
  location.assign('/login');
});
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && document.activeElement !== q) {
    e.preventDefault();
    q.focus();
  } else if (e.key === 'Escape') {
    article.hidden = true;
  }
});

const who = await me();
if (who) {
  document.getElementById('who').textContent = who.user + '（' + ({ agent: '坐席', manager: '班长', admin: '管理员' }[who.role] || who.role) + '）';
  const cats = await getJson('/api/kb/categories');
  cats.categories.forEach((c) => {
    const o = element('option', c.name + '（' + c.count + '）');
    o.value = c.id;
    category.appendChild(o);
  });
  const params = new URLSearchParams(location.search);
  if (params.get('category')) {
    category.value = params.get('category');
  }
  if (params.get('q')) {
    q.value = params.get('q');
    search();
  }
  q.focus();
}
