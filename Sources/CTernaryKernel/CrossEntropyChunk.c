#include "CrossEntropyChunk.h"

// Bit-identity with the Swift loop needs every multiply and add rounded on its own: clang would otherwise fuse
// a * b + c into an FMA wherever the target has one.
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/// FastExp.expOfNonPositive on 8 values: reducedExp(max(x, −87)), its literals' Float values in hexadecimal.
__attribute__((target("avx2"), always_inline)) static inline __m256 exp_of_non_positive(__m256 x) {
    // Swift's max(x, −87) is (−87 >= x) ? −87 : x, x when it is NaN; maxps(a, b) is a > b ? a : b, b when
    // either is NaN: the same with x second (at x = −87 both give −87).
    const __m256 y = _mm256_max_ps(_mm256_set1_ps(-87.0f), x);
    const __m256 shifter = _mm256_set1_ps(12582912.0f);  // 1.5 · 2^23
    const __m256 shifted = _mm256_add_ps(_mm256_mul_ps(y, _mm256_set1_ps(1.44269504f)), shifter);
    const __m256 k = _mm256_sub_ps(shifted, shifter);
    const __m256 r = _mm256_sub_ps(_mm256_sub_ps(y, _mm256_mul_ps(k, _mm256_set1_ps(0.69314575f))),
                                   _mm256_mul_ps(k, _mm256_set1_ps(1.4286068e-6f)));
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f / 720));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f / 120));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f / 24));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f / 6));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(0.5f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.0f));
    // (shifted.bitPattern − shifter.bitPattern + 127) << 23 in wrapping 32-bit arithmetic, where
    // (a − b) + c = a + (c − b): one add of a constant.
    const __m256i exponent = _mm256_slli_epi32(
        _mm256_add_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32((int32_t)(127u - 0x4B400000u))), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
}

/// FastExp.log on 8 values: NaN and ±∞ come back unchanged (x.isFinite ? result : x).
__attribute__((target("avx2"), always_inline)) static inline __m256 fast_log(__m256 x) {
    const __m256i bits = _mm256_castps_si256(x);
    const __m256i e = _mm256_srai_epi32(_mm256_sub_epi32(bits, _mm256_set1_epi32(0x3F3504F3)), 23);
    const __m256 m = _mm256_castsi256_ps(_mm256_sub_epi32(bits, _mm256_slli_epi32(e, 23)));
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 t = _mm256_div_ps(_mm256_sub_ps(m, one), _mm256_add_ps(m, one));
    const __m256 t2 = _mm256_mul_ps(t, t);
    __m256 series = _mm256_set1_ps(1.0f / 9);
    series = _mm256_add_ps(_mm256_mul_ps(series, t2), _mm256_set1_ps(1.0f / 7));
    series = _mm256_add_ps(_mm256_mul_ps(series, t2), _mm256_set1_ps(1.0f / 5));
    series = _mm256_add_ps(_mm256_mul_ps(series, t2), _mm256_set1_ps(1.0f / 3));
    series = _mm256_add_ps(_mm256_mul_ps(series, t2), one);
    // Float(e) · ln 2 + (2 · t) · series, as Swift evaluates it.
    const __m256 result = _mm256_add_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(e), _mm256_set1_ps(0.69314718f)),
                                        _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(2.0f), t), series));
    const __m256i exponentMask = _mm256_set1_epi32(0x7F800000);
    const __m256i notFinite = _mm256_cmpeq_epi32(_mm256_and_si256(bits, exponentMask), exponentMask);
    return _mm256_blendv_ps(result, x, _mm256_castsi256_ps(notFinite));
}

/// 8 samples' logits of class c, at z + c · stride: all 8, or through `mask` for a ragged end (the other lanes
/// read as 0 and never used).
__attribute__((target("avx2"), always_inline)) static inline __m256 row(const float *z, size_t c, size_t stride,
                                                                         int masked, __m256i mask) {
    return masked ? _mm256_maskload_ps(z + c * stride, mask) : _mm256_loadu_ps(z + c * stride);
}

/// (log Σ_c exp(z_c − max) + max) for V · 8 samples (V vectors of 8 lanes) whose class-0 logits start at z,
/// into out[0 … V − 1]. `classes`, `V` and `masked` are constants where the caller inlines it: the class loops
/// unroll, and the V vectors' exps interleave, so that several of their long dependency chains (the polynomial)
/// are in flight at once without filling the scheduler with one chain's waiting operations.
__attribute__((target("avx2"), always_inline)) static inline void log_sums(const float *z, size_t classes,
                                                                            size_t stride, const int V, int masked,
                                                                            __m256i mask, __m256 *out) {
    __m256 largest[2], sum[2];
#pragma clang loop unroll(full)
    for (int k = 0; k < V; k++) largest[k] = row(z + 8 * k, 0, stride, masked, mask);
    // `row > largest ? row : largest` in class order: maxps(row, largest) exactly, NaN rows skipped, a NaN
    // class 0 kept.
    for (size_t c = 1; c < classes; c++) {
#pragma clang loop unroll(full)
        for (int k = 0; k < V; k++) largest[k] = _mm256_max_ps(row(z + 8 * k, c, stride, masked, mask), largest[k]);
    }
#pragma clang loop unroll(full)
    for (int k = 0; k < V; k++) sum[k] = _mm256_setzero_ps();
    for (size_t c = 0; c < classes; c++) {
#pragma clang loop unroll(full)
        for (int k = 0; k < V; k++)
            sum[k] = _mm256_add_ps(sum[k], exp_of_non_positive(_mm256_sub_ps(row(z + 8 * k, c, stride, masked, mask),
                                                                             largest[k])));
    }
#pragma clang loop unroll(full)
    for (int k = 0; k < V; k++) out[k] = _mm256_add_ps(fast_log(sum[k]), largest[k]);
}

/// Samples s … s + lanes − 1 (lanes ≤ 8) added to `sum` in sample order, each as (log-sum − its label logit).
__attribute__((target("avx2"), always_inline)) static inline double add_losses(double sum, __m256 logSums,
                                                                              const float *z,
                                                                              const int32_t *labels, size_t stride,
                                                                              size_t s, size_t lanes) {
    float loss[8];
    _mm256_storeu_ps(loss, logSums);
    for (size_t k = 0; k < lanes; k++) sum += (double)(loss[k] - z[(size_t)labels[s + k] * stride + s + k]);
    return sum;
}

/// The chunk's value (see the header) with `classes` a constant where the caller inlines it.
__attribute__((target("avx2"), always_inline)) static inline double chunk(const float *z, const int32_t *labels,
                                                                          size_t classes, size_t stride,
                                                                          size_t first, size_t count) {
    const __m256i none = _mm256_setzero_si256();
    double total = 0;
    for (size_t group = first; group < first + count; group += 64) {
        const size_t end = group + 64 < first + count ? group + 64 : first + count;
        double sum = 0;
        size_t s = group;
        __m256 logSums[2];
        for (; s + 16 <= end; s += 16) {
            log_sums(z + s, classes, stride, 2, 0, none, logSums);
            sum = add_losses(sum, logSums[0], z, labels, stride, s, 8);
            sum = add_losses(sum, logSums[1], z, labels, stride, s + 8, 8);
        }
        for (; s + 8 <= end; s += 8) {
            log_sums(z + s, classes, stride, 1, 0, none, logSums);
            sum = add_losses(sum, logSums[0], z, labels, stride, s, 8);
        }
        if (s < end) {  // the ragged end: lanes end − s and up are masked off
            const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(end - s)), lane);
            log_sums(z + s, classes, stride, 1, 1, mask, logSums);
            sum = add_losses(sum, logSums[0], z, labels, stride, s, end - s);
        }
        total += sum;
    }
    return total;
}

__attribute__((target("avx2"))) double synrl_cross_entropy_chunk_avx2(const float *z, const int32_t *labels,
                                                                      size_t classes, size_t stride, size_t first,
                                                                      size_t count) {
    // Ten classes (the MNIST-like data sets) unrolled, each sample's ten logits kept in registers.
    if (classes == 10) return chunk(z, labels, 10, stride, first, count);
    return chunk(z, labels, classes, stride, first, count);
}

#endif
