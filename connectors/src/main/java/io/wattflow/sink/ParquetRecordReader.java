package io.wattflow.sink;

import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;

import java.io.IOException;

/** Reads the records of one Parquet file back, so the compactor can rewrite small files as one. */
final class ParquetRecordReader<T> implements RecordWiseFileCompactor.Reader<T> {
    private final ParquetReader<T> reader;

    private ParquetRecordReader(Path file) throws IOException {
        this.reader = ParquetOutputs.openReflect(ParquetOutputs.inputFile(file.toUri()));
    }

    @Override
    public T read() throws IOException {
        return reader.read();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static <T> RecordWiseFileCompactor.Reader.Factory<T> factory() {
        return ParquetRecordReader::new;
    }
}
