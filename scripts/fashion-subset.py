#!/usr/bin/env python3
"""Writes the first COUNT Fashion-MNIST training images and labels as an uncompressed IDX data set into FOLDER:
the fixed input of scripts/ab-instructions.sh and scripts/thread-scaling.sh (Debian's dataset-fashion-mnist).

    scripts/fashion-subset.py FOLDER [COUNT]     (default 7000)
"""
import gzip
import struct
import sys

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__.strip())
folder, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 7000
source = '/usr/share/datasets/fashion-mnist/'
images = gzip.open(source + 'train-images-idx3-ubyte.gz').read()
labels = gzip.open(source + 'train-labels-idx1-ubyte.gz').read()
open(folder + '/train-images-idx3-ubyte', 'wb').write(struct.pack('>IIII', 0x803, count, 28, 28) + images[16:16 + count * 784])
open(folder + '/train-labels-idx1-ubyte', 'wb').write(struct.pack('>II', 0x801, count) + labels[8:8 + count])
