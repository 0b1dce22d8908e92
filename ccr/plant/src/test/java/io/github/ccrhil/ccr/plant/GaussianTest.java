package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sensor-noise generator is a standard normal: moments and tail mass. */
class GaussianTest {

    @Test
    void noiseHasZeroMeanUnitVarianceAndNormalTails() {
        Gaussian g = new Gaussian(2024);
        int n = 1_000_000;
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        int beyond2 = 0;
        int beyond3 = 0;
        for (int k = 0; k < n; k++) {
            double x = g.next();
            sum += x;
            sum2 += x * x;
            sum4 += x * x * x * x;
            if (Math.abs(x) > 2) {
                beyond2++;
            }
            if (Math.abs(x) > 3) {
                beyond3++;
            }
        }
        double mean = sum / n;
        double var = sum2 / n - mean * mean;
        assertEquals(0.0, mean, 0.005);
        assertEquals(1.0, var, 0.005);
        assertEquals(3.0, sum4 / n, 0.03, "kurtosis");
        assertEquals(0.0455, (double) beyond2 / n, 0.001, "P(|x| > 2)");
        assertEquals(0.0027, (double) beyond3 / n, 0.0003, "P(|x| > 3)");
    }
}
