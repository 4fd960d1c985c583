#include "TernaryKernel.h"
#include <immintrin.h>

int synrl_cpu_has_avx2(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}

void synrl_ternary_accumulate_portable(const int8_t *ternary, size_t outputs, const uint8_t *pixels, size_t samples,
                                       size_t width, int32_t *counts, size_t countStride) {
    for (size_t o = 0; o < outputs; o++) {
        const int8_t *row = ternary + o * width;
        for (size_t n = 0; n < samples; n++) {
            const uint8_t *image = pixels + n * width;
            int32_t sum = 0;
            for (size_t i = 0; i < width; i++) sum += (int32_t)row[i] * (int32_t)image[i];
            counts[o * countStride + n] += sum;
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)

// Each vpmaddubsw lane is p0·t0 + p1·t1 with |t| ≤ 2, at most 1,020 in magnitude (no saturation), so 32 of them
// still fit in int16 (32,640). (Ternary changes alone would allow 64; rows of up to 1,024 bytes, 784 pixels
// included, are never widened mid-row either way, so ternary runs lose nothing.)
#define CHUNKS_PER_WIDENING 32

__attribute__((target("avx2"), always_inline)) static inline int32_t horizontal_sum(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

/// A tile of R outputs × S samples (R ≤ 4, S ≤ 2, both constants after inlining, so the compiler keeps
/// the R · S accumulators in registers): each pixel vector is loaded once per R rows, each row once per S samples.
__attribute__((target("avx2"), always_inline)) static inline void tile(
    const int8_t *ternary, const int R, const uint8_t *pixels, const int S, size_t width,
    int32_t *counts, size_t countStride) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i wide[4][2], narrow[4][2];
    for (int r = 0; r < R; r++)
        for (int s = 0; s < S; s++) wide[r][s] = narrow[r][s] = _mm256_setzero_si256();
    size_t chunk = 0;
    for (size_t i = 0; i < width; i += 32) {
        __m256i image[2];
        for (int s = 0; s < S; s++) image[s] = _mm256_loadu_si256((const __m256i *)(pixels + s * width + i));
        for (int r = 0; r < R; r++) {
            const __m256i change = _mm256_loadu_si256((const __m256i *)(ternary + r * width + i));
            for (int s = 0; s < S; s++)
                narrow[r][s] = _mm256_add_epi16(narrow[r][s], _mm256_maddubs_epi16(image[s], change));
        }
        if (++chunk == CHUNKS_PER_WIDENING) {
            chunk = 0;
            for (int r = 0; r < R; r++)
                for (int s = 0; s < S; s++) {
                    wide[r][s] = _mm256_add_epi32(wide[r][s], _mm256_madd_epi16(narrow[r][s], ones));
                    narrow[r][s] = _mm256_setzero_si256();
                }
        }
    }
    for (int r = 0; r < R; r++)
        for (int s = 0; s < S; s++) {
            wide[r][s] = _mm256_add_epi32(wide[r][s], _mm256_madd_epi16(narrow[r][s], ones));
            counts[r * countStride + s] += horizontal_sum(wide[r][s]);
        }
}

/// Up to four rows against samples [first, end), two at a time.
__attribute__((target("avx2"), always_inline)) static inline void rows_against_samples(
    const int8_t *ternary, const int R, const uint8_t *pixels, size_t first, size_t end, size_t width,
    int32_t *counts, size_t countStride) {
    size_t n = first;
    for (; n + 2 <= end; n += 2) tile(ternary, R, pixels + n * width, 2, width, counts + n, countStride);
    if (n < end) tile(ternary, R, pixels + n * width, 1, width, counts + n, countStride);
}

// Samples per block: 64 images of 800 bytes (50 KB) stay in L2 while every row block passes over them.
#define SAMPLES_PER_BLOCK 64

__attribute__((target("avx2"))) void synrl_ternary_accumulate_avx2(
    const int8_t *ternary, size_t outputs, const uint8_t *pixels, size_t samples,
    size_t width, int32_t *counts, size_t countStride) {
    for (size_t first = 0; first < samples; first += SAMPLES_PER_BLOCK) {
        const size_t end = first + SAMPLES_PER_BLOCK < samples ? first + SAMPLES_PER_BLOCK : samples;
        size_t o = 0;
        for (; o + 4 <= outputs; o += 4)
            rows_against_samples(ternary + o * width, 4, pixels, first, end, width, counts + o * countStride, countStride);
        const int8_t *rest = ternary + o * width;
        int32_t *restCounts = counts + o * countStride;
        switch (outputs - o) {
        case 3: rows_against_samples(rest, 3, pixels, first, end, width, restCounts, countStride); break;
        case 2: rows_against_samples(rest, 2, pixels, first, end, width, restCounts, countStride); break;
        case 1: rows_against_samples(rest, 1, pixels, first, end, width, restCounts, countStride); break;
        default: break;
        }
    }
}

#else

void synrl_ternary_accumulate_avx2(const int8_t *ternary, size_t outputs, const uint8_t *pixels, size_t samples,
                                   size_t width, int32_t *counts, size_t countStride) {
    synrl_ternary_accumulate_portable(ternary, outputs, pixels, samples, width, counts, countStride);
}

#endif
