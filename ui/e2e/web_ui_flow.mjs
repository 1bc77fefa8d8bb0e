// The web UI's end-to-end flow in headless Chromium (playwright-core), run by
// tests/e2e/test_web_ui.py against a real `coffer server`. It does what a user does, one step at a
// time, writes a JSON report ({steps: [{name, ok, data, error, screenshot}], pageErrors}) to
// $REPORT, and saves screenshots of every page into $SCREENSHOT_DIR. A failed step stops the flow
// (later steps are reported as skipped) after a screenshot of the page as it failed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = process.env;
const shots = env.SCREENSHOT_DIR;
const report = { steps: [], pageErrors: [] };
const screenshots = [];
let failed = false;

const browser = await chromium.launch({
  executablePath: env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ baseURL: env.COFFER_URL, viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
page.on('pageerror', (e) => report.pageErrors.push(String(e)));

async function step(name, fn) {
  if (failed) {
    report.steps.push({ name, ok: false, skipped: true });
    return;
  }
  const started = Date.now();
  try {
    const data = await fn();
    report.steps.push({ name, ok: true, data, ms: Date.now() - started });
  } catch (e) {
    failed = true;
    const screenshot = join(env.FAILURE_DIR || shots, `failed-${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    report.steps.push({ name, ok: false, error: String(e?.stack ?? e), screenshot, ms: Date.now() - started });
  }
}

// Visible controls without an accessible name (no label, aria-label, aria-labelledby, title or
// text): each page is checked when its screenshot is taken.
const unlabelled = [];
function findUnlabelled() {
  const named = (el) => {
    const by = el.getAttribute('aria-labelledby');
    const byText = by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
    const forLabel = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? '' : '';
    const inner = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' ? '' :
      (el.textContent ?? '') + Array.from(el.querySelectorAll('[aria-label]')).map((c) => c.getAttribute('aria-label')).join(' ');
    return [el.getAttribute('aria-label'), byText, forLabel, el.closest('label')?.textContent, el.getAttribute('title'), inner]
      .some((t) => t && t.trim());
  };
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), textarea, select, button, a[href], [role=combobox], [role=switch], [role=checkbox], [role=radio], [role=tab]')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('[aria-hidden=true]')) continue;
    if (!named(el)) out.push(el.outerHTML.slice(0, 200));
  }
  return out;
}

// A screenshot for the docs: docs/screenshots/<name>.png.
async function shot(name) {
  const target = page;
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  const file = `${name}.png`;
  // Toasts ("Backup created") come and go with timing: left out of the pictures.
  await target.screenshot({ path: join(shots, file), style: '.ant-message { display: none !important; }' });
  screenshots.push(file);
  for (const html of await page.evaluate(findUnlabelled)) unlabelled.push({ page: name, html });
}

const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByText(label, { exact: true }).click();
const dialog = (title) => page.getByRole('dialog').filter({ hasText: title });
// An antd Select: open it by its label and pick the option titled `option` (the dropdown is
// rendered at the end of the page, outside the dialog).
async function choose(scope, label, option) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).first().click();
}
// A button by its text: antd's icons add their own name in front ("pause-circle Pause").
const button = (scope, text) => scope.getByRole('button', { name: new RegExp(`^([\\w-]+ )?${text}$`) });
async function openCreate(item) {
  await page.getByRole('button', { name: 'Create Backup' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
const status = (label) => page.locator(`[data-status="${label}"]`).first();

// The API's answer, with the browser's session: what the server holds, not what a page shows.
async function fromApi(path) {
  const token = await page.evaluate(() => sessionStorage.getItem('coffer.session') ?? localStorage.getItem('coffer.session'));
  const r = await page.request.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return r.json();
}
const overviewCounts = () => fromApi('/overview');

const backupName = 'shop-ui-1';
const scheduleName = 'shop-nightly';
const restoreName = 'shop-to-dr';
let overviewBefore;

await step('login', async () => {
  await page.goto('/');
  await page.getByLabel('Username').waitFor();
  await shot('01-login');
  await page.getByLabel('Username').fill(env.COFFER_USERNAME);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  const wrongPasswordMessage = await page.getByRole('alert').innerText();
  await page.getByLabel('Password').fill(env.COFFER_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: /Signed in as/ }).waitFor();
  const user = (await page.getByRole('button', { name: /Signed in as/ }).getAttribute('aria-label')).replace('Signed in as ', '');
  return { user, wrongPasswordMessage };
});

await step('register cluster', async () => {
  await nav('Clusters & Environments');
  await page.getByRole('button', { name: 'Add Cluster' }).click();
  const d = page.getByRole('dialog');
  await d.getByLabel('Name', { exact: true }).fill('dr');
  await d.getByLabel('Kubeconfig', { exact: true }).fill(readFileSync(env.TARGET_KUBECONFIG, 'utf8'));
  await shot('14-add-cluster');
  await d.getByRole('button', { name: /^(Save|Add Cluster|Add)$/ }).click();
  await d.waitFor({ state: 'hidden' });
  await page.getByRole('row', { name: /\bdr\b/ }).getByText('Healthy').waitFor();
  await shot('13-clusters');
  await page.getByRole('tab', { name: 'Environments' }).click();
  await page.getByRole('button', { name: 'Add Environment' }).waitFor();
  await shot('15-environments');
  return {};
});

await step('add location', async () => {
  overviewBefore = await overviewCounts();
  await nav('Backup Locations');
  await page.getByRole('tab', { name: 'Volume Snapshot Locations' }).waitFor();
  await shot('11-volume-snapshot-locations');
  await page.getByRole('tab', { name: 'Storage Locations' }).click();
  await page.getByRole('button', { name: 'Add Storage Location' }).click();
  const d = page.getByRole('dialog');
  await d.getByLabel('Backup Storage Location Name').fill('primary');
  await d.getByLabel('Filesystem').check();
  await d.getByLabel('Path', { exact: true }).fill(env.STORE_DIR);
  await d.getByLabel('Set as Default').check();
  await shot('12-add-storage-location');
  await d.getByRole('button', { name: 'Save' }).click();
  await d.waitFor({ state: 'hidden' });
  await page.getByRole('row', { name: /primary/ }).locator('[data-status="Available"]').waitFor();
  await shot('10-storage-locations');
  return { name: 'primary' };
});

await step('backup from scratch', async () => {
  await nav('Backup & Schedule');
  await page.getByRole('tab', { name: 'Backups' }).waitFor();
  await openCreate('From Scratch');
  const d = page.getByRole('dialog');
  await d.getByLabel('Backup Name').fill(backupName);
  await choose(d, 'Select Cluster to Backup', env.SOURCE_CLUSTER);
  await d.getByLabel('Specific Namespaces').check();
  await choose(d, 'Included Namespaces', 'shop');
  await page.keyboard.press('Escape');
  await shot('03-create-backup-from-scratch');
  await d.getByRole('button', { name: 'Create Backup' }).click();
  await page.waitForURL(/\/backups\/detail\//);
  let progressSeen = 0;
  if (await page.getByRole('progressbar', { name: 'Items backed up' }).count()) progressSeen = 1;
  await page.getByTestId('backup-status').locator('[data-status="Completed"]').waitFor({ timeout: 120_000 });
  const done = page.getByRole('progressbar', { name: 'Items backed up' });
  if (await done.count()) progressSeen += 1;
  await shot('04-backup-detail');
  return { name: backupName, progressSeen };
});

await step('browse item yaml', async () => {
  await page.getByRole('tab', { name: 'Contents' }).click();
  const tree = page.getByRole('tree');
  await tree.getByText('Deployment', { exact: true }).click();
  await tree.getByText('shop').first().click();  // the namespace node: its name and an item count
  await tree.getByText('storefront', { exact: true }).click();
  const code = page.getByTestId('item-yaml');
  await code.filter({ hasText: 'kind: Deployment' }).waitFor();
  await shot('05-backup-contents-yaml');
  const yaml = await code.innerText();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByTestId('log-block').waitFor();
  await shot('06-backup-logs');
  return { yaml };
});

await step('schedule create pause resume', async () => {
  await nav('Backup & Schedule');
  await openCreate('Create Backup Schedule');
  const d = page.getByRole('dialog');
  await d.getByLabel('Schedule Name').fill(scheduleName);
  await choose(d, 'Select Cluster to Backup', env.SOURCE_CLUSTER);
  await d.getByLabel('Specific Namespaces').check();
  await choose(d, 'Included Namespaces', 'shop');
  await page.keyboard.press('Escape');
  const cron = '0 2 * * *';
  await d.getByLabel('Backup Schedule (Cron Expression)').fill(cron);
  const words = d.getByTestId('cron-description');
  await words.filter({ hasText: 'Every day at 02:00' }).waitFor();
  const cronInWords = await words.innerText();
  await shot('07-create-schedule');
  await d.getByRole('button', { name: 'Create Schedule' }).click();
  await d.waitFor({ state: 'hidden' });
  await page.getByRole('row').filter({ hasText: scheduleName }).waitFor();
  await page.getByRole('link', { name: scheduleName, exact: true }).first().click();
  await button(page, 'Pause').click();
  await status('Paused').waitFor();
  await shot('09-schedule-detail-paused');
  await button(page, 'Resume').click();
  await page.locator('[data-status="New"], [data-status="Active"]').first().waitFor();
  await page.goto('/data-protection-management/backup-and-schedule/schedules');
  await page.getByRole('row').filter({ hasText: scheduleName }).waitFor();
  await shot('08-schedules');
  return { name: scheduleName, cron, cronInWords };
});

await step('backup from schedule', async () => {
  await page.goto('/data-protection-management/backup-and-schedule/backups');
  await openCreate('From Schedule');
  const d = page.getByRole('dialog');
  await choose(d, 'Schedule', scheduleName);
  await shot('03b-create-backup-from-schedule');
  await d.getByRole('button', { name: 'Create Backup' }).click();
  await page.waitForURL(/\/backups\/detail\//);
  const name = decodeURIComponent(page.url().split('/detail/')[1]);
  await page.getByTestId('backup-status').locator('[data-status="Completed"]').waitFor({ timeout: 120_000 });
  await page.goto('/data-protection-management/backup-and-schedule/backups');
  await page.getByRole('row').filter({ hasText: name }).waitFor();
  await shot('02-backups');
  // Recorded now: the next step deletes this backup.
  return { name, schedule: scheduleName, record: await fromApi(`/backups/${encodeURIComponent(name)}`) };
});

await step('restore with mapping', async () => {
  await page.goto(`/data-protection-management/backup-and-schedule/backups/detail/${backupName}`);
  await button(page, 'Restore').click();
  const d = page.getByRole('dialog');
  await d.getByLabel('Restore Name').fill(restoreName);
  await d.getByLabel('Target Cluster').click();
  await page.getByTitle('dr', { exact: true }).last().click();
  await d.getByRole('button', { name: 'Add Mapping' }).click();
  await d.getByLabel('Source Namespace 1').fill('shop');
  await d.getByLabel('Target Namespace 1').fill('shop-restored');
  await shot('17-new-restore');
  await d.getByRole('button', { name: 'Preview' }).click();
  const preview = d.getByTestId('restore-preview');
  await preview.waitFor({ timeout: 60_000 });
  const previewRows = Number((await d.getByTestId('preview-count-create').innerText()).replace(/\D+/g, '')) || 0;
  await shot('18-restore-preview');
  await button(d, 'Restore').click();
  await page.waitForURL(/\/restores\/[^/]+$/);
  await page.getByTestId('restore-status').locator('[data-status="Completed"]').waitFor({ timeout: 120_000 });
  await shot('19-restore-detail');
  await page.getByRole('tab', { name: 'Manifest' }).click();
  await page.getByTestId('restore-manifest').waitFor();
  await shot('20-restore-manifest');
  await page.goto('/data-protection-management/restores');
  await page.getByRole('row').filter({ hasText: restoreName }).waitFor();
  await shot('16-restores');
  return { name: restoreName, previewRows };
});

await step('delete backup', async () => {
  // The backup made from the schedule: found in the list and deleted from its row.
  await page.goto('/data-protection-management/backup-and-schedule/backups');
  const name = report.steps.find((st) => st.name === 'backup from schedule').data.name;
  await page.getByRole('button', { name: `Delete backup ${name}` }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: `Delete backup ${name}?` });
  await button(confirm, 'Delete').click();
  await confirm.waitFor({ state: 'hidden' });
  await page.getByRole('row').filter({ hasText: name }).waitFor({ state: 'detached', timeout: 60_000 });
  return { name };
});

await step('overview changes', async () => {
  await nav('Overview');
  await page.getByText('At a Glance').waitFor();
  // The page's own figures: the backups card counts what the catalog holds now.
  const after = await overviewCounts();
  await page.getByTestId('overview-backups').filter({ hasText: String(after.backups) }).waitFor({ timeout: 15_000 });
  await page.getByTestId('overview-restores').filter({ hasText: String(after.restores) }).waitFor({ timeout: 15_000 });
  await shot('00-overview');
  return { before: summary(overviewBefore), after: summary(after) };
});

function summary(o) {
  const count = (v) => (typeof v === 'number' ? v : Object.values(v ?? {}).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0));
  return { backups: count(o.backupsInitiated ?? o.backups), restores: count(o.restoresInitiated ?? o.restores) };
}

await step('viewer is read-only', async () => {
  // A viewer sees the same pages and is offered no change.
  await page.getByRole('button', { name: /Signed in as/ }).click();
  await page.getByRole('menuitem', { name: /Log out/ }).click();
  await page.getByLabel('Username').fill(env.VIEWER_USERNAME);
  await page.getByLabel('Password').fill(env.VIEWER_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: /Signed in as/ }).waitFor();
  await nav('Backup & Schedule');
  await page.getByRole('row').filter({ hasText: backupName }).waitFor();
  const offered = {
    createBackup: await page.getByRole('button', { name: 'Create Backup' }).count(),
    deleteBackup: await page.getByRole('button', { name: `Delete backup ${backupName}` }).count(),
  };
  await nav('Restores');
  await page.getByRole('row').filter({ hasText: restoreName }).waitFor();
  offered.newRestore = await page.getByRole('button', { name: 'New Restore' }).count();
  await nav('Backup Locations');
  await page.getByRole('tab', { name: 'Storage Locations' }).click();
  await page.getByRole('row', { name: /primary/ }).waitFor();
  offered.addLocation = await page.getByRole('button', { name: 'Add Storage Location' }).count();
  return { offered };
});

await step('screenshots', async () => ({ files: screenshots }));
await step('labelled controls', async () => ({ unlabelled }));

await browser.close();
writeFileSync(env.REPORT, JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
