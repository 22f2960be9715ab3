package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.EngineGauges;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium (Debian {@code chromium} and {@code chromium-driver}), driven by Selenium
 * against the filter on embedded Jetty on loopback, with real jobs on a real engine. One browser for the class;
 * a fresh engine and server per test. Every wait is an explicit {@link WebDriverWait} or Awaitility condition.
 * Screenshots of each view go to {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {

    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ChromeDriver driver;
    private AsyncJobs jobs;
    private TestServer server;
    private final OutageJobStore store = new OutageJobStore();
    private final List<String> gates = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--no-first-run", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-default-browser-check",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                // nothing but loopback resolves: the browser cannot send a packet anywhere else
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void stopServer() {
        gates.forEach(TestJobs::open);
        if (server != null) {
            server.close();
        }
        if (jobs != null) {
            jobs.close();
        }
    }

    /** Starts an engine on a store whose queries and reads fail while its outage is set. */
    private void start(AsyncJobs.Builder builder, String roles) {
        jobs = builder.store(store).build();
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).enableManagement("ops").enableDashboard().build();
        server = TestServer.start(50, context -> {
            TestServer.addFilter(context, TestServer.fixedPrincipal("operator", roles));
            TestServer.addFilter(context, new AsyncJobsFilter(http));
        });
    }

    private void openDashboard() {
        driver.get(server.root + "/jobs/_dashboard?refresh=1");
        waitUntil(d -> !text("updated").startsWith("Loading"));
    }

    private static WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class);
    }

    private static <T> T waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return waiting().until(condition);
    }

    /** Waits until the element shows exactly this text, reading it afresh each time (the page redraws). */
    private static void waitForText(By by, String expected) {
        waiting().withMessage(() -> by + " does not show '" + expected + "'")
                .until(d -> d.findElement(by).getText().equals(expected));
    }

    /** Opens a job's detail from the list, which redraws when a listed job changes (a lease renewed). */
    private static void clickJob(String id) {
        waitUntil(d -> {
            d.findElement(By.cssSelector("button[data-job='" + id + "']")).click();
            return true;
        });
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static String count(JobStatus status) {
        return driver.findElement(By.cssSelector("#count-" + status.wireName() + " .value")).getText();
    }

    private static void view(String name) {
        driver.findElement(By.cssSelector(".tab[data-view='" + name + "']")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + name)));
    }

    private static List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#jobs-table tbody tr[data-id]"))) {
            ids.add(row.getAttribute("data-id"));
        }
        return ids;
    }

    /** Clears the filter form, fills in these fields, and applies it. */
    private static void applyFilters(Map<String, String> inputs, String status, String pageSize) {
        driver.findElement(By.id("clear-filters")).click();
        inputs.forEach((id, value) -> driver.findElement(By.id(id)).sendKeys(value));
        if (!status.isEmpty()) {
            new Select(driver.findElement(By.id("f-status"))).selectByValue(status);
        }
        if (!pageSize.equals("50")) {
            new Select(driver.findElement(By.id("f-size"))).selectByVisibleText(pageSize);
        }
        driver.findElement(By.id("apply")).click();
    }

    /** Waits until the list shows page {@code page} with exactly {@code rows} jobs. */
    private static List<String> waitForPage(int page, int rows) {
        String expected = "Page " + page + " · " + rows + " jobs shown";
        waiting().withMessage(() -> "the list shows '" + text("page-label") + "', not '" + expected + "'; filters "
                        + ((JavascriptExecutor) driver).executeScript("return JSON.stringify(["
                        + "location.href, ...Array.from(document.getElementById('filters').elements).map(e => e.id + '=' + e.value)])"))
                .until(d -> text("page-label").equals(expected));
        return listedIds();
    }

    private static void screenshot(String name) {
        File file = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Job gated(String owner) {
        String gate = "browser-" + java.util.UUID.randomUUID();
        TestJobs.gate(gate);
        gates.add(gate);
        return jobs.submit("gated", Map.of("gate", gate), dev.asyncapi.core.SubmitOptions.builder().owner(owner).build());
    }

    private Job submit(String type, String owner, int n) {
        return jobs.submit(type, Map.of("n", n), dev.asyncapi.core.SubmitOptions.builder().owner(owner).build());
    }

    private void awaitStatus(Job job, JobStatus status) {
        await().atMost(WAIT).until(() -> jobs.find(job.id()).map(Job::status).orElse(null) == status);
    }

    private Map<JobStatus, Integer> storeCounts() {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0);
        }
        JobQuery query = JobQuery.builder().pageSize(JobQuery.MAX_PAGE_SIZE).build();
        JobPage page = jobs.query(query);
        while (true) {
            page.jobs().forEach(job -> counts.merge(job.status(), 1, Integer::sum));
            if (page.continuationToken().isEmpty()) {
                return counts;
            }
            page = jobs.query(query.withContinuationToken(page.continuationToken().get()));
        }
    }

    /** Runs a script's {@code fetch} in the page and returns the HTTP status it got. */
    private static long fetchStatus(String method, String path, String csrfHeader) {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const headers = arguments[2] ? {'X-Asyncapi-Csrf': arguments[2]} : {};"
                        + "fetch(arguments[1], {method: arguments[0], headers: headers, credentials: 'same-origin'})"
                        + ".then(r => done(r.status), e => done(-1));", method, path, csrfHeader);
        return (Long) status;
    }

    @Test
    void countsAndTheHourMatchTheStoreAfterRealJobsRun() throws InterruptedException {
        start(TestJobs.builder(), "ops");
        List<Job> ended = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ended.add(submit("echo", i % 2 == 0 ? "alice" : "bob", i));
        }
        for (int i = 0; i < 5; i++) {
            ended.add(submit("fail", "carol", i));
        }
        for (Job job : ended) {
            jobs.await(job.id(), WAIT);
        }
        Job running = gated("alice");
        awaitStatus(running, JobStatus.RUNNING);
        Map<JobStatus, Integer> expected = storeCounts();
        assertThat(expected).containsEntry(JobStatus.COMPLETED, 12).containsEntry(JobStatus.FAILED, 5)
                .containsEntry(JobStatus.RUNNING, 1);

        openDashboard();
        for (JobStatus status : JobStatus.values()) {
            waitUntil(d -> count(status).equals(String.valueOf(expected.get(status))));
        }
        // the page redraws when its data changes: each check reads afresh until it holds (or times out)
        waitForText(By.cssSelector("#count-total .value"), "18");
        waitForText(By.id("scan-note"), "Counts of all jobs in the store (18).");
        waitForText(By.cssSelector("#types-table tr[data-type='fail'] td[data-status='Failed']"), "5");
        waitForText(By.cssSelector("#types-table tr[data-type='echo'] td[data-status='Completed']"), "12");
        waitForText(By.cssSelector("#timing-table tbody tr td"), "17");
        EngineGauges gauges = jobs.gauges();
        assertThat(gauges.running()).isEqualTo(1);
        waitUntil(d -> text("gauge-running").equals("1") && text("gauge-queued").equals("0")
                && text("gauge-admitted").equals("1") && text("gauge-capacity").equals(String.valueOf(gauges.capacity())));
        // every form control is labelled, and the views are reached with the keyboard alone
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript("return Array.from("
                + "document.querySelectorAll('input, select')).every(e => e.labels && e.labels.length > 0)")).isTrue();
        WebElement jobsTab = driver.findElement(By.cssSelector(".tab[data-view='jobs']"));
        ((JavascriptExecutor) driver).executeScript("document.querySelector(\".tab[data-view='overview']\").focus()");
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement()).isEqualTo(jobsTab);
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("view-jobs")));
        assertThat(jobsTab.getAttribute("aria-current")).isEqualTo("page");
        view("overview");
        screenshot("overview");

        view("throughput");
        waitUntil(d -> text("throughput-summary").startsWith("In the last hour: 12 completed, 5 failed, 0 terminated;"
                + " failure rate 29.4%"));
        assertThat(driver.findElements(By.cssSelector("#chart rect.completed"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#chart rect.failed"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#chart circle.rate-point"))).isNotEmpty();
        screenshot("throughput");
    }

    @Test
    void filtersPagesAndShowsAJobsDetail() throws InterruptedException {
        start(TestJobs.builder(), "ops");
        List<Job> all = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            all.add(submit("echo", i < 30 ? "alice" : "bob", i));
        }
        for (int i = 0; i < 3; i++) {
            all.add(submit("fail", "bob", i));
        }
        for (Job job : all) {
            jobs.await(job.id(), WAIT);
        }
        openDashboard();
        view("jobs");

        applyFilters(Map.of(), "", "20");
        List<String> seen = new ArrayList<>(waitForPage(1, 20));
        assertThat(driver.findElement(By.id("prev")).isEnabled()).isFalse();
        screenshot("jobs");
        driver.findElement(By.id("next")).click();
        List<String> second = waitForPage(2, 20);
        seen.addAll(second);
        driver.findElement(By.id("next")).click();
        seen.addAll(waitForPage(3, 8));
        assertThat(driver.findElement(By.id("next")).isEnabled()).isFalse();
        assertThat(new HashSet<>(seen)).hasSize(48)
                .isEqualTo(all.stream().map(Job::id).collect(java.util.stream.Collectors.toSet()));
        driver.findElement(By.id("prev")).click();
        assertThat(waitForPage(2, 20)).isEqualTo(second);

        applyFilters(Map.of(), "Failed", "50");
        List<String> failed = waitForPage(1, 3);
        assertThat(driver.findElements(By.cssSelector("#jobs-table tbody td.status-Failed"))).hasSize(3);
        assertThat(failed).containsExactlyInAnyOrderElementsOf(
                all.subList(45, 48).stream().map(Job::id).toList());

        applyFilters(Map.of("f-owner", "bob", "f-type", "echo"), "", "50");
        assertThat(waitForPage(1, 15)).containsExactlyInAnyOrderElementsOf(
                all.subList(30, 45).stream().map(Job::id).toList());

        applyFilters(Map.of("f-from", Instant.now().plusSeconds(3600).toString()), "", "50");
        waitForPage(1, 0);
        applyFilters(Map.of("f-from", "yesterday"), "", "50");
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("list-error")));
        assertThat(text("list-error")).contains("createdFrom must be an ISO-8601 instant");

        applyFilters(Map.of(), "Failed", "50");
        waitForPage(1, 3);
        String failedId = failed.get(0);
        clickJob(failedId);
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("view-detail")));
        waitUntil(d -> text("h-detail").equals("Job " + failedId));
        assertThat(driver.findElement(By.cssSelector("#detail dd[data-field='Status']")).getText()).isEqualTo("Failed");
        assertThat(driver.findElement(By.cssSelector("#detail dd[data-field='Failure code']")).getText()).isEqualTo("Boom");
        assertThat(driver.findElement(By.cssSelector("#detail dd[data-field='Failure message']")).getText())
                .isEqualTo("it failed on purpose");
        assertThat(driver.findElement(By.cssSelector("#detail dd[data-field='Attempts']")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#detail dd[data-field='Run time']")).getText()).endsWith("s");
        assertThat(text("detail-input")).startsWith("Not shown");
        assertThat(driver.findElement(By.id("terminate")).isEnabled()).isFalse();
        screenshot("detail");
    }

    @Test
    void terminateAndPurgeAreConfirmedAndNeedTheToken() throws InterruptedException {
        start(TestJobs.builder(), "ops");
        Job running = gated("alice");
        awaitStatus(running, JobStatus.RUNNING);
        Job finished = submit("echo", "bob", 1);
        jobs.await(finished.id(), WAIT);
        openDashboard();
        String api = "/jobs/_dashboard/api/";

        // the browser's own same-origin requests, without the token or with another one, are refused
        assertThat(fetchStatus("POST", api + "jobs/" + running.id() + "/terminate", null)).isEqualTo(403);
        assertThat(fetchStatus("POST", api + "purge?olderThanSeconds=0", "forged-token")).isEqualTo(403);
        assertThat(jobs.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.find(finished.id())).isPresent();

        view("jobs");
        applyFilters(Map.of(), "Running", "20");
        waitForPage(1, 1);
        clickJob(running.id());
        WebElement terminate = waitUntil(ExpectedConditions.elementToBeClickable(By.id("terminate")));
        terminate.click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(text("confirm-text")).contains(running.id());
        screenshot("confirm");
        driver.findElement(By.id("confirm-no")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertThat(jobs.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

        driver.findElement(By.id("terminate")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        driver.findElement(By.id("confirm-yes")).click();
        waitUntil(d -> text("terminate-result").equals("Termination requested: the job is now Terminated."));
        assertThat(jobs.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.TERMINATED);

        view("maintenance");
        new Select(driver.findElement(By.id("purge-age"))).selectByValue("0");
        driver.findElement(By.id("purge")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(text("confirm-text")).contains("cannot be undone");
        driver.findElement(By.id("confirm-yes")).click();
        waitUntil(d -> text("purge-result").equals("Purged 2 finished jobs."));
        assertThat(jobs.find(finished.id())).isEmpty();
        assertThat(jobs.find(running.id())).isEmpty();
        screenshot("maintenance");
    }

    @Test
    void withoutTheRoleThePageIsNotFound() {
        start(TestJobs.builder(), "users");
        driver.get(server.root + "/jobs/_dashboard");
        JsonNode problem = TestServer.json(driver.findElement(By.tagName("pre")).getText());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(driver.findElements(By.id("status-cards"))).isEmpty();
    }

    @Test
    void anUnavailableStoreIsShownAndTheDashboardRecovers() throws InterruptedException {
        start(TestJobs.builder(), "ops");
        Job done = submit("echo", "alice", 1);
        jobs.await(done.id(), WAIT);
        openDashboard();
        waitUntil(d -> count(JobStatus.COMPLETED).equals("1"));

        store.outage.set(true);
        WebElement alert = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("store-alert")));
        assertThat(alert.getText()).startsWith("The job store is unavailable; retry later.")
                .contains("Showing data from");
        assertThat(count(JobStatus.COMPLETED)).isEqualTo("1");
        screenshot("store-unavailable");

        store.outage.set(false);
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("store-alert")));
        waitForText(By.cssSelector("#count-Completed .value"), "1");
    }

    @Test
    void tenThousandJobsArePagedNotLoaded() {
        start(AsyncJobs.builder().submitOnly("bulk", JsonNode.class), "ops");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(jobs.submit("bulk", Map.of("n", i)).id());
        }
        openDashboard();
        waitUntil(d -> count(JobStatus.PENDING).equals("10000"));
        waitForText(By.id("scan-note"), "Counts of all jobs in the store (10000).");

        view("jobs");
        List<String> first = waitForPage(1, 50);
        driver.findElement(By.id("next")).click();
        List<String> second = waitForPage(2, 50);
        assertThat(driver.findElements(By.cssSelector("#jobs-table tbody tr"))).hasSize(50);
        assertThat(ids).containsAll(first).containsAll(second);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(driver.findElement(By.id("next")).isEnabled()).isTrue();
    }
}
