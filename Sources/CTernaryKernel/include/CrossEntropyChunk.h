#ifndef SYNRL_CROSS_ENTROPY_CHUNK_H
#define SYNRL_CROSS_ENTROPY_CHUNK_H

#include <stddef.h>
#include <stdint.h>

/// The softmax cross-entropy of samples first … first + count − 1 (Swift's `Loss.softmaxCrossEntropyChunkSums`,
/// one chunk of it), logits z (classes, stride) row-major, labels (stride) in 0..<classes:
///
///     loss[s] = (log Σ_c exp(z[c][s] − m[s]) + m[s]) − z[labels[s]][s],  m[s] = max_c z[c][s],
///
/// the max and the sum in class order, exp and log being Swift's `FastExp.expOfNonPositive` and `FastExp.log`
/// operation for operation (no FMA), each Float loss added in Double in sample order within groups of 64 samples
/// from `first`, the groups' sums added in order: the Swift loop's value bit for bit. classes ≥ 1.

/// The AVX2 kernel: 8 samples at a time, their maxima and sums in registers across all classes.
/// Call only where synrl_cpu_has_avx2() returns 1.
double synrl_cross_entropy_chunk_avx2(const float *z, const int32_t *labels, size_t classes, size_t stride,
                                      size_t first, size_t count);

#endif
