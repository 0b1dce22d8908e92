package io.github.ccrhil.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/: the campaign's Kubernetes Indexed Job, its merge Job and their volume parse into the
 * Kubernetes API's own model (fabric8), one pod per shard writing to the shared volume; and
 * deploy/run-local.sh, the same campaign as N local processes, runs the Job's own command line
 * (each process with its JOB_COMPLETION_INDEX, in the working folder the pods have) and the merge
 * Job's, and its merged bundle passes verify-bundle.
 */
class KubernetesCampaignJobIT {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path JAR = Path.of("..", "cli", "target", "ccr-hil.jar");
    /** The Job's command line is run with its case count cut to this (the rest as the manifest has it). */
    private static final String TEST_CASES = "4";

    @TempDir
    Path dir;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static <T> T read(String file, Class<T> type) throws IOException {
        return YAML.readValue(DEPLOY.resolve(file).toFile(), type);
    }

    private static String after(List<String> args, String option) {
        int i = args.indexOf(option);
        assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
        return args.get(i + 1);
    }

    private static Container only(PodSpec pod) {
        assertEquals(1, pod.getContainers().size(), "one container");
        return pod.getContainers().get(0);
    }

    /** The pod's volume at the container's working folder: the shared claim. */
    private static String claimAtWorkingDir(PodSpec pod) {
        Container c = only(pod);
        String volume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(c.getWorkingDir())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at the working folder " + c.getWorkingDir())).getName();
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
        assertTrue(v.getPersistentVolumeClaim() != null, "the working folder is a persistent volume claim");
        return v.getPersistentVolumeClaim().getClaimName();
    }

    @Test
    void theIndexedJobRunsOnePodPerShardIntoTheSharedVolumeAndTheMergeJobJoinsThem() throws Exception {
        Job job = read("campaign-job.yaml", Job.class);
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());
        assertTrue(job.getAdditionalProperties().isEmpty() && job.getSpec().getAdditionalProperties().isEmpty(),
                "no field the model does not know: " + job.getSpec().getAdditionalProperties());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = only(pod);
        assertTrue(c.getAdditionalProperties().isEmpty(), "container fields: " + c.getAdditionalProperties());
        List<String> args = c.getArgs();
        assertEquals("campaign", args.get(0));
        int shards = Integer.parseInt(after(args, "--shards"));
        assertEquals(shards, job.getSpec().getCompletions(), "one completion per shard");
        assertEquals(shards, job.getSpec().getParallelism(), "every shard's pod at once");
        assertEquals("Never", pod.getRestartPolicy(), "podFailurePolicy needs restartPolicy Never");
        assertEquals(List.of("java", "-jar", "/opt/ccr-hil/ccr-hil.jar"), c.getCommand(), "the jar the Dockerfile puts there");
        assertTrue(Files.readString(DEPLOY.resolve("Dockerfile")).contains("COPY cli/target/ccr-hil.jar /opt/ccr-hil/ccr-hil.jar"));
        // a shard that found a failing case is complete: it must not be run again
        assertTrue(job.getSpec().getPodFailurePolicy().getRules().stream().anyMatch(r -> r.getAction().equals("FailIndex")
                && r.getOnExitCodes().getValues().equals(List.of(1))), "exit 1 (a case failed) ends that index");

        PersistentVolumeClaim claim = read("shards-volume.yaml", PersistentVolumeClaim.class);
        assertEquals(claim.getMetadata().getName(), claimAtWorkingDir(pod), "the pods work in the shared volume");
        assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes(), "mounted by pods on several nodes at once");

        Job merge = read("merge-job.yaml", Job.class);
        PodSpec mergePod = merge.getSpec().getTemplate().getSpec();
        assertEquals(claim.getMetadata().getName(), claimAtWorkingDir(mergePod), "the merge reads the same volume");
        assertEquals(c.getCommand(), only(mergePod).getCommand());
        String seed = after(args, "--seed");
        List<String> expected = new ArrayList<>(List.of("merge-bundles", "out/campaign-" + seed + "-merged"));
        for (int k = 1; k <= shards; k++) {
            expected.add("out/campaign-" + seed + "-" + k + "of" + shards);
        }
        assertEquals(expected, only(mergePod).getArgs(), "the merge names every shard folder the campaign pods write");
    }

    private record Run(int exit, String out) { }

    private Run script(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", DEPLOY.resolve("run-local.sh").toString()));
        cmd.addAll(args);
        Path log = Files.createTempFile(dir, "run-local-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CCR_HIL_JAR", JAR.toString());
        pb.environment().remove("JOB_COMPLETION_INDEX");
        pb.environment().remove("CCR_HIL_SHARDS");
        Process p = pb.start();
        Duration limit = Duration.ofMinutes(8);
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("run-local.sh did not end within " + limit + ": " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theLocalFormRunsTheJobsCommandLineAsNProcessesAndMergesThem() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built before the integration tests (mvn verify packages cli first)");
        Container c = only(read("campaign-job.yaml", Job.class).getSpec().getTemplate().getSpec());
        Container m = only(read("merge-job.yaml", Job.class).getSpec().getTemplate().getSpec());
        List<String> args = new ArrayList<>(c.getArgs());
        args.set(args.indexOf("--cases") + 1, TEST_CASES);
        int shards = Integer.parseInt(after(args, "--shards"));
        Path work = dir.resolve("work");
        List<String> scriptArgs = new ArrayList<>(List.of(work.toString()));
        scriptArgs.addAll(args);

        List<String> dry = new ArrayList<>(List.of("--dry-run"));
        dry.addAll(scriptArgs);
        Run plan = script(dry);
        assertEquals(0, plan.exit(), plan.out());
        String jar = JAR.toAbsolutePath().normalize().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            // the pod's command with its image's jar path where the local jar is, the Job's args, the pod's index
            lines.add("JOB_COMPLETION_INDEX=" + i + " " + String.join(" ", c.getCommand()).replace("/opt/ccr-hil/ccr-hil.jar", jar)
                    + " " + String.join(" ", args));
        }
        lines.add(String.join(" ", m.getCommand()).replace("/opt/ccr-hil/ccr-hil.jar", jar) + " " + String.join(" ", m.getArgs()));
        assertEquals(lines, plan.out().lines().toList(), "run-local.sh runs the Jobs' command lines");

        Run run = script(scriptArgs);
        assertTrue(run.exit() == 0 || run.exit() == 1, run.out());
        String seed = after(args, "--seed");
        assertTrue(run.out().contains("merged " + shards + " shards of campaign seed " + seed + ": " + TEST_CASES + " cases"), run.out());
        for (int i = 0; i < shards; i++) {
            assertTrue(Files.isDirectory(work.resolve("out/campaign-" + seed + "-" + (i + 1) + "of" + shards)),
                    "process " + i + " wrote shard " + (i + 1) + " where pod " + i + " would: " + run.out());
        }
        BundleCheck.Report r = BundleVerifier.verify(work.resolve("out/campaign-" + seed + "-merged"));
        assertTrue(r.ok(), r.toString());
        assertEquals(run.exit(), r.exitCode().code(), "the merge's exit code is the merged campaign's verdict");
    }
}
