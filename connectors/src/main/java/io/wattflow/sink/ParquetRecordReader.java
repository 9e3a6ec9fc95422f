package io.wattflow.sink;

import org.apache.avro.reflect.ReflectData;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;

/** Reads the records of one Parquet file back, so the compactor can rewrite small files as one. */
final class ParquetRecordReader<T> implements RecordWiseFileCompactor.Reader<T> {
    private final ParquetReader<T> reader;

    private ParquetRecordReader(Path file) throws IOException {
        this.reader = AvroParquetReader.<T>builder(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                .withDataModel(ReflectData.get()).build();
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
