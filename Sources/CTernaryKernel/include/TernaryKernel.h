#ifndef SYNRL_TERNARY_KERNEL_H
#define SYNRL_TERNARY_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/// counts[o * countStride + n] += Σ_i ternary[o * width + i] · pixels[n * width + i]
/// for o < outputs, n < samples, i < width: 8-bit pixels times weight changes in {−2, −1, 0, +1, +2} (ternary or
/// five-level moves, in steps), exact in int32. width must be a multiple of 32; rows are padded with zeros to it.
/// The caller keeps every count within int32 (each call adds at most 255 · 2 · width in magnitude, 255 · width
/// where every change is ternary).

/// The AVX2 kernel (vpmaddubsw pairs summed in int16, widened to int32 every 32 chunks of 32 bytes).
/// Call only where synrl_cpu_has_avx2() returns 1.
void synrl_ternary_accumulate_avx2(const int8_t *ternary, size_t outputs, const uint8_t *pixels, size_t samples,
                                   size_t width, int32_t *counts, size_t countStride);

/// The same in portable C, for CPUs without AVX2.
void synrl_ternary_accumulate_portable(const int8_t *ternary, size_t outputs, const uint8_t *pixels, size_t samples,
                                       size_t width, int32_t *counts, size_t countStride);

/// 1 when this CPU runs AVX2, else 0.
int synrl_cpu_has_avx2(void);

#endif
